"""What cases adds to docstore's dossier page: a panel with the unit's cases and their current steps, the
customer ledger and the payments; registered from `CasesConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from docstore.registry import Action, Panel, dossier_actions, dossier_panels


def _panel_context(request, dossier) -> dict:
    from cases import permissions, selectors

    return {
        "dossier": dossier,
        **selectors.dossier_panel(dossier),
        "can_keep_ledger": permissions.can_keep_ledger(request.user),
    }


def _may_open_a_case(user, dossier) -> bool:
    from cases import permissions

    return any(permissions.can_open(user, kind) for kind in permissions.KIND_ROLES)


def register() -> None:
    dossier_panels.register(
        Panel(
            key="cases.dossier",
            label=_("业务办理与客户台账"),
            template="cases/dossier_panel.html",
            context=_panel_context,
            order=10,
        )
    )
    dossier_actions.register(
        Action(
            key="cases.open",
            label=_("开办业务"),
            url_name="cases:open",
            url_args=lambda dossier: (),
            query=lambda dossier: {"dossier": dossier.pk},
            visible=_may_open_a_case,
            order=30,
        )
    )
