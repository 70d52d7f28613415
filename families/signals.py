"""What families tells the apps above it. They connect in their AppConfig.ready(); families imports none of them."""

from django.dispatch import Signal

# Sent inside the transaction that changed a carer link's rights, with link=, by= (the manager) and
# changes= [(field name, old value or None for a new link, new value), ...].
carer_link_rights_changed = Signal()
