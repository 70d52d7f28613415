"""The staff phrasebook: everyday sentences a key person writes, stored by key and read in the reader's language.

An entry keeps the key (DiaryEntry.phrase), never the English words. Each family carer reads the phrase in
their own language (the phrases are in every catalogue, context "diary phrase"); anything typed beside it
stays exactly as typed. Add a phrase by adding a line here; never rename a key that is in use.
"""

from django.utils.translation import pgettext_lazy


def _(text):
    return pgettext_lazy("diary phrase", text)


GROUPS = [
    (pgettext_lazy("phrasebook group", "Eating and drinking"), [
        ("ate_all", _("Ate all of it")),
        ("ate_most", _("Ate most of it")),
        ("ate_little", _("Ate a little")),
        ("tried_new_food", _("Tried a new food")),
        ("not_hungry", _("Was not very hungry today")),
        ("drank_well", _("Drank plenty of water")),
        ("fed_self", _("Ate with a spoon without help")),
    ]),
    (pgettext_lazy("phrasebook group", "Sleep and rest"), [
        ("long_nap", _("Had a long nap")),
        ("short_nap", _("Had a short nap")),
        ("no_nap", _("Did not want to nap today")),
        ("settled_quickly", _("Settled to sleep quickly")),
    ]),
    (pgettext_lazy("phrasebook group", "Play and learning"), [
        ("played_friends", _("Played happily with friends")),
        ("happy_day", _("Had a happy day")),
        ("enjoyed_outdoors", _("Enjoyed playing outside")),
        ("enjoyed_painting", _("Enjoyed painting and drawing")),
        ("enjoyed_stories", _("Enjoyed listening to stories")),
        ("enjoyed_music", _("Enjoyed singing and music")),
        ("sand_water", _("Played with sand and water")),
        ("built_blocks", _("Built with blocks")),
        ("new_word", _("Said a new word today")),
        ("shared_toys", _("Shared toys with others")),
        ("helped_tidy", _("Helped to tidy up")),
        ("danced", _("Danced to music")),
        ("gardening", _("Helped in the garden")),
        ("puzzles", _("Did puzzles")),
    ]),
    (pgettext_lazy("phrasebook group", "Mood"), [
        ("bit_tired", _("Was a little tired today")),
        ("unsettled_then_settled", _("Was unsettled this morning, then settled well")),
        ("missed_you", _("Missed you for a while, then played happily")),
    ]),
    (pgettext_lazy("phrasebook group", "Care"), [
        ("used_toilet", _("Used the toilet well today")),
        ("nappy_fine", _("Nappy changed, all fine")),
        ("sun_cream", _("Sun cream put on")),
        ("teeth_brushed", _("Brushed teeth after lunch")),
    ]),
    (pgettext_lazy("phrasebook group", "Please bring or check"), [
        ("bring_spare_clothes", _("Please bring spare clothes")),
        ("bring_nappies", _("Please bring more nappies")),
        ("bring_wipes", _("Please bring more wipes")),
        ("bring_sun_hat", _("Please bring a sun hat")),
        ("bring_coat", _("Please bring a warm coat")),
        ("bring_wellies", _("Please bring wellies for outdoor play")),
        ("label_clothes", _("Please put your child's name on their clothes")),
        ("bring_comforter", _("Please bring a comforter for nap time")),
        ("speak_at_collection", _("Please speak to a member of staff at collection")),
        ("check_bag", _("Please check your child's bag")),
    ]),
]

PHRASES = {key: text for _group, phrases in GROUPS for key, text in phrases}
MAX_KEY_LENGTH = 40


def text(key: str) -> str:
    """The phrase in the active language ("" for an unknown or empty key)."""
    phrase = PHRASES.get(key or "")
    return str(phrase) if phrase is not None else ""


def choices(blank):
    """Grouped choices for a <select>, in the active language."""
    return [("", blank)] + [(str(group), [(key, str(phrase)) for key, phrase in phrases]) for group, phrases in GROUPS]
