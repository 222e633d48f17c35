"""One person, one record: what a user is told when an ID number is already registered.

ID numbers are unique in the district (``Person.id_number``). Someone who keeps the roster
that holds the number (the district; a clerk for their own street) is told where it is.
Anyone else gets ``ID_NUMBER_NOT_HERE``, which neither says that the number exists nor
where: the same words in the person form, the roster import and the database's own
uniqueness message. (That a brand-new number is accepted while this one is refused cannot
be hidden without giving up the uniqueness itself; the words give nothing more away.)
"""

from django.utils.translation import gettext as _

from .models import Person
from .validators import ID_NUMBER_NOT_HERE


def holder_message(holder: Person, *, reveal: bool) -> str:
    """Why ``holder``'s ID number cannot be registered again; ``reveal`` if the user keeps
    ``holder``'s roster."""
    if not reveal:
        return str(ID_NUMBER_NOT_HERE)
    message = _(
        "This ID number is already on the roster of %(street)s (%(name)s): edit that record, "
        "or transfer the person there, instead of registering them again."
    )
    return message % {"street": holder.street, "name": holder.name}


def id_number_refusal(id_number: str, *, streets, exclude_pk=None) -> str | None:
    """Why ``id_number`` cannot be registered by a user keeping the rosters of ``streets``
    (a queryset), or None if nobody else holds it. ``exclude_pk``: the record being edited."""
    holder = (
        Person.objects.filter(id_number=id_number)
        .exclude(pk=exclude_pk)
        .select_related("street")
        .first()
    )
    if holder is None:
        return None
    return holder_message(holder, reveal=streets.filter(pk=holder.street_id).exists())
