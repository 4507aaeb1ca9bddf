"""What the workbench adds to docstore's pages; registered from `WorkbenchConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from docstore.registry import Action, dossier_actions


def register() -> None:
    dossier_actions.register(
        Action(key="workbench.timeline", label=_("时间线"), url_name="workbench:dossier-timeline", order=10)
    )
