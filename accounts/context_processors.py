from accounts.roles import ROLE_LABELS, roles_of


def roles(request):
    user = getattr(request, "user", None)
    mine = roles_of(user) if user is not None else frozenset()
    return {
        "my_roles": mine,
        "my_role_labels": [ROLE_LABELS[r] for r in ROLE_LABELS if r in mine],
    }
