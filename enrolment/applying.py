"""Writing a checked plan through the families services, in the order the records need each other.

Called inside the import's one transaction (services.batch_run). Only what the plan marks as new or changed is
written, so importing the same file again writes nothing at all.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from families import services as families
from families.models import Membership

from .models import ImportKey
from .planning import CREATE, SAME, UPDATE, Plan

User = get_user_model()


def staff_member_add(*, setting, by, email, full_name, user=None, role, is_dsl=False, job_title="", rooms=()):
    """A staff member from the Staff sheet: an account without a password (they set one from the login page's
    "forgotten password" link) and their place in the setting, so they can be a key person at once."""
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=full_name)
    membership = Membership(user=user, setting=setting, role=role, is_dsl=is_dsl, job_title=job_title)
    membership._history_user = by
    membership.full_clean()
    membership.save()
    membership.rooms.set(rooms)
    return membership


class Writer:
    def __init__(self, plan: Plan, *, by, progress):
        self.plan, self.p, self.by = plan, plan.planner, by
        self.setting = self.p.setting
        self.made = {kind: {} for kind in self.p.items}
        self.total, self.done, self.progress = plan.writes, 0, progress

    def step(self):
        self.done += 1
        if self.done % 10 == 0 or self.done == self.total:
            self.progress(self.done, self.total)

    def items(self, kind):
        return self.p.items[kind].values()

    def room(self, key):
        return self.made["room"].get(key) or self.p.rooms_db.get(key)

    def member(self, email):
        return self.made["staff"].get(email) or self.p.members_db.get(email)

    def household(self, key):
        return self.made["household"].get(key) or self.p.items["household"][key].existing

    def run(self):
        for name in ("rooms", "staff", "children", "households", "links", "child_households", "collectors",
                     "key_persons"):
            getattr(self, name)()
        self.progress(self.total, self.total)

    def rooms(self):
        for item in self.items("room"):
            if item.action != SAME:
                self.made["room"][item.key] = families.room_save(setting=self.setting, room=item.existing, **item.fields)
                self.step()

    def staff(self):
        for item in self.items("staff"):
            rooms = [self.room(k) for k in item.refs["rooms"]] if "rooms" in item.refs else None
            if item.action == CREATE:
                self.made["staff"][item.key] = staff_member_add(
                    setting=self.setting, by=self.by, email=item.key, full_name=item.refs["full_name"],
                    user=item.refs["user"], rooms=rooms or (), **item.fields)
            elif item.action == UPDATE:
                families.membership_update(membership=item.existing, by=self.by, rooms=rooms, **item.fields)
            else:
                continue
            self.step()

    def children(self):
        for item in self.items("child"):
            child = item.existing
            if item.action != SAME:
                fields = dict(item.fields)
                if "room" in item.refs:
                    fields["room"] = self.room(item.refs["room"])
                child = families.child_save(setting=self.setting, by=self.by, child=item.existing, **fields)
                self.step()
            self.made["child"][item.key] = child
            if "ref" in item.refs:
                ImportKey.objects.update_or_create(setting=self.setting, key=item.refs["ref"],
                                                   defaults={"child": child})

    def households(self):
        for item in self.items("household"):
            if item.action != SAME:
                self.made["household"][item.key] = families.household_save(
                    setting=self.setting, household=item.existing, **item.fields)
                self.step()

    def _carer_fields(self, carer_item, everything=False):
        fields = dict(carer_item.refs["values"] if everything else carer_item.fields)
        if "household" in carer_item.refs:
            fields["household"] = self.household(carer_item.refs["household"])
        return fields

    def links(self):
        saved_carers = set()
        for item in self.items("link"):
            child = self.made["child"][item.refs["child"]]
            carer_item = self.p.items["carer"][item.refs["carer"]]
            carer = self.made["carer"].get(carer_item.key) or carer_item.existing
            details, rights = item.refs["details"], item.refs["rights"]
            if item.existing is None:
                if carer is None:
                    link = families.carer_link_create(child=child, by=self.by, rights=rights,
                                                      carer_fields=self._carer_fields(carer_item, everything=True),
                                                      **details)
                    self.made["carer"][carer_item.key] = link.carer
                    saved_carers.add(carer_item.key)
                else:
                    link = families.carer_link_create(child=child, by=self.by, carer=carer, rights=rights, **details)
                self.step()
            else:
                link = item.existing
                if details:
                    families.carer_link_update(link=link, by=self.by, **details)
                if rights:
                    families.carer_link_rights_change(link=link, by=self.by, **rights)
                if details or rights:
                    self.step()
            if carer_item.action == UPDATE and carer_item.key not in saved_carers:
                families.carer_link_update(link=link, by=self.by, carer_fields=self._carer_fields(carer_item))
                saved_carers.add(carer_item.key)
                self.step()

    def child_households(self):
        for item in self.items("child"):
            child = self.made["child"][item.key]
            wanted = {self.household(key) for key in self.p.child_households(item.key)}
            have = set(child.households.all())
            if wanted - have:
                families.child_save(setting=self.setting, by=self.by, child=child, households=have | wanted)

    def collectors(self):
        for item in self.items("collector"):
            if item.action == CREATE:
                families.collector_add(child=self.made["child"][item.refs["child"]], by=self.by,
                                       collection_password=item.refs["password"], **item.fields)
            elif item.action == UPDATE:
                families.collector_update(collector=item.existing, by=self.by, **item.fields)
            else:
                continue
            self.step()

    def key_persons(self):
        for item in self.items("key_person"):
            families.key_person_assign(child=self.made["child"][item.refs["child"]], staff=self.member(item.refs["staff"]),
                                       starts_on=self.p.today, by=self.by, replace_current=True)
            self.step()


def apply_plan(plan: Plan, *, by, progress=lambda done, total: None) -> dict:
    """Write the plan; returns the summary kept with the batch (numbers and what changed, no sentences)."""
    Writer(plan, by=by, progress=progress).run()
    return summary_of(plan)


def summary_of(plan: Plan) -> dict:
    return {
        "counts": [{k: v for k, v in row.items() if k != "label"} for row in plan.counts],
        "changed": [{"kind": item.kind, "name": item.name, "action": item.action, "changes": item.changes}
                    for _label, items in plan.changed for item in items if item.action == UPDATE][:500],
        "children": plan.children_count,
    }
