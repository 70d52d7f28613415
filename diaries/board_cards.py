"""The room board's child cards, built with format_html rather than the template language.

The board shows up to ~50 cards and refreshes every minute on every room tablet; the template engine
spent most of the page's time resolving the same two dozen variables per card. This is the same markup
the template had (see templates/diaries/_board.html for the surrounding form), escaped by format_html.
"""

from django.utils.html import format_html

CARD = """<div class="col-12 col-sm-6 col-lg-4">
<article class="card h-100 board-card status-{status}" aria-labelledby="bc-{pk}"><div class="card-body p-2">
<div class="d-flex align-items-start gap-2">
<input class="form-check-input board-tick mt-1" type="checkbox" name="child" value="{pk}" id="tick-{pk}"{checked}>
<label for="tick-{pk}" class="flex-grow-1"><strong id="bc-{pk}" class="fs-5">{first}</strong> <span class="text-muted small">{last}</span>{allergy}</label>
<span class="badge {status_class}">{status_label}</span></div>
<ul class="list-unstyled small mb-1 mt-1"><li>{l_meal}: {meal}</li>{bottle}<li>{l_nappy}: {nappy}</li></ul>
<div class="per-child">
<div class="f-amount"><select class="form-select form-select-sm" name="amount_{pk}" aria-label="{l_amount} {first}">{amount_options}</select></div>
<div class="f-ml"><input class="form-control form-control-sm" type="number" min="0" inputmode="numeric" name="ml_{pk}" aria-label="ml {first}" placeholder="ml"></div>
<div class="f-nappy"><select class="form-select form-select-sm" name="nappy_{pk}" aria-label="{l_nappy_field} {first}">{nappy_options}</select></div>
</div>
<div class="d-flex flex-wrap gap-1 mt-2">{ack}{door}{wake}
<a class="btn btn-sm btn-outline-primary" href="{url_day}">{l_day}{count}</a>
<a class="btn btn-sm btn-outline-primary" href="{url_photo}">{l_photo}</a></div>
</div></article></div>
"""


def card_html(row, labels, amount_options, nappy_options, ticked):
    child = row.child
    if row.url_ack:
        ack = format_html('<button type="button" class="btn btn-sm btn-warning" hx-post="{}" hx-target="#board" '
                          'hx-swap="innerHTML" title="{}">{}</button> ', row.url_ack, row.handover.mood_health,
                          labels["handover_waiting"])
    else:
        ack = ""
    if row.attendance is None:
        door = format_html('<a class="btn btn-sm btn-success" href="{}">{}</a> ', row.url_check_in, labels["check_in"])
    elif not row.attendance.out_at:
        door = format_html('<a class="btn btn-sm btn-outline-secondary" href="{}">{}</a> ', row.url_check_out,
                           labels["check_out"])
    else:
        door = ""
    wake = format_html('<button type="button" class="btn btn-sm btn-info" hx-post="{}" hx-target="#board" '
                       'hx-swap="innerHTML">{}</button> ', row.url_wake, labels["woke_up"]) if row.url_wake else ""
    return format_html(
        CARD, status=row.status, pk=str(child.pk), checked=" checked" if child.pk in ticked else "",
        first=child.first_name, last=child.legal_last_name,
        allergy=format_html(' <span class="badge text-bg-danger" title="{}">{}</span>', child.allergy_notes,
                            labels["allergy"]) if child.allergy_notes else "",
        status_class=row.status_class, status_label=row.status_label, l_meal=labels["last_meal"],
        meal=row.last_meal_text, l_nappy=labels["last_nappy"], nappy=row.last_nappy_text,
        bottle=format_html("<li>{}: {}</li>", labels["last_bottle"], row.last_bottle_text) if row.last_bottle else "",
        l_amount=labels["amount"], amount_options=amount_options, l_nappy_field=labels["nappy"],
        nappy_options=nappy_options, ack=ack, door=door, wake=wake, url_day=row.url_day, l_day=labels["day"],
        count=f" ({row.entry_count})" if row.entry_count else "", url_photo=row.url_photo, l_photo=labels["photo"],
    )
