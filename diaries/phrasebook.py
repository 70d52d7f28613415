"""The staff phrasebook: everyday sentences a key person writes, stored by key and read in the reader's language.

An entry keeps the key (DiaryEntry.phrase), never the English words. Each family carer reads the phrase in
their own language (the phrases are in every catalogue, context "diary phrase"); anything typed beside it
stays exactly as typed. Add a phrase by adding a line here; never rename a key that is in use. Each phrase is
written out as pgettext_lazy("diary phrase", ...) so makemessages extracts it with its context (a wrapper
function would hide the context from xgettext, and the catalogues would get the phrase without it).
"""

from django.utils.translation import pgettext_lazy

GROUPS = [
    (
        pgettext_lazy("phrasebook group", "Eating and drinking"),
        [
            ("ate_all", pgettext_lazy("diary phrase", "Ate all of it")),
            ("ate_most", pgettext_lazy("diary phrase", "Ate most of it")),
            ("ate_little", pgettext_lazy("diary phrase", "Ate a little")),
            ("tried_new_food", pgettext_lazy("diary phrase", "Tried a new food")),
            ("not_hungry", pgettext_lazy("diary phrase", "Was not very hungry today")),
            ("drank_well", pgettext_lazy("diary phrase", "Drank plenty of water")),
            ("fed_self", pgettext_lazy("diary phrase", "Ate with a spoon without help")),
        ],
    ),
    (
        pgettext_lazy("phrasebook group", "Sleep and rest"),
        [
            ("long_nap", pgettext_lazy("diary phrase", "Had a long nap")),
            ("short_nap", pgettext_lazy("diary phrase", "Had a short nap")),
            ("no_nap", pgettext_lazy("diary phrase", "Did not want to nap today")),
            ("settled_quickly", pgettext_lazy("diary phrase", "Settled to sleep quickly")),
        ],
    ),
    (
        pgettext_lazy("phrasebook group", "Play and learning"),
        [
            ("played_friends", pgettext_lazy("diary phrase", "Played happily with friends")),
            ("happy_day", pgettext_lazy("diary phrase", "Had a happy day")),
            ("enjoyed_outdoors", pgettext_lazy("diary phrase", "Enjoyed playing outside")),
            ("enjoyed_painting", pgettext_lazy("diary phrase", "Enjoyed painting and drawing")),
            ("enjoyed_stories", pgettext_lazy("diary phrase", "Enjoyed listening to stories")),
            ("enjoyed_music", pgettext_lazy("diary phrase", "Enjoyed singing and music")),
            ("sand_water", pgettext_lazy("diary phrase", "Played with sand and water")),
            ("built_blocks", pgettext_lazy("diary phrase", "Built with blocks")),
            ("new_word", pgettext_lazy("diary phrase", "Said a new word today")),
            ("shared_toys", pgettext_lazy("diary phrase", "Shared toys with others")),
            ("helped_tidy", pgettext_lazy("diary phrase", "Helped to tidy up")),
            ("danced", pgettext_lazy("diary phrase", "Danced to music")),
            ("gardening", pgettext_lazy("diary phrase", "Helped in the garden")),
            ("puzzles", pgettext_lazy("diary phrase", "Did puzzles")),
        ],
    ),
    (
        pgettext_lazy("phrasebook group", "Mood"),
        [
            ("bit_tired", pgettext_lazy("diary phrase", "Was a little tired today")),
            ("unsettled_then_settled", pgettext_lazy("diary phrase", "Was unsettled this morning, then settled well")),
            ("missed_you", pgettext_lazy("diary phrase", "Missed you for a while, then played happily")),
        ],
    ),
    (
        pgettext_lazy("phrasebook group", "Care"),
        [
            ("used_toilet", pgettext_lazy("diary phrase", "Used the toilet well today")),
            ("nappy_fine", pgettext_lazy("diary phrase", "Nappy changed, all fine")),
            ("sun_cream", pgettext_lazy("diary phrase", "Sun cream put on")),
            ("teeth_brushed", pgettext_lazy("diary phrase", "Brushed teeth after lunch")),
        ],
    ),
    (
        pgettext_lazy("phrasebook group", "Please bring or check"),
        [
            ("bring_spare_clothes", pgettext_lazy("diary phrase", "Please bring spare clothes")),
            ("bring_nappies", pgettext_lazy("diary phrase", "Please bring more nappies")),
            ("bring_wipes", pgettext_lazy("diary phrase", "Please bring more wipes")),
            ("bring_sun_hat", pgettext_lazy("diary phrase", "Please bring a sun hat")),
            ("bring_coat", pgettext_lazy("diary phrase", "Please bring a warm coat")),
            ("bring_wellies", pgettext_lazy("diary phrase", "Please bring wellies for outdoor play")),
            ("label_clothes", pgettext_lazy("diary phrase", "Please put your child's name on their clothes")),
            ("bring_comforter", pgettext_lazy("diary phrase", "Please bring a comforter for nap time")),
            ("speak_at_collection", pgettext_lazy("diary phrase", "Please speak to a member of staff at collection")),
            ("check_bag", pgettext_lazy("diary phrase", "Please check your child's bag")),
        ],
    ),
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
