"""Meta-test: every API endpoint asks the one permission layer (``require``) before answering."""

import inspect

from tindus.api.app import api


def operations():
    import tindus.api.urls  # noqa: F401  (mounts the routers)

    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            for operation in path_view.operations:
                yield f"{bound.prefix}{path}", operation


def test_every_endpoint_asks_the_permission_layer():
    silent = [
        f"{' '.join(op.methods)} {path}"
        for path, op in operations()
        if "require(" not in inspect.getsource(op.view_func)
    ]
    assert silent == []


def test_the_meta_test_sees_every_endpoint():
    assert len(list(operations())) >= 4
