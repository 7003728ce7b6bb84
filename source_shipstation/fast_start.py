"""Import the Airbyte CDK about a second faster, without changing what it does.

Two costs are paid by every ``spec``, ``check``, ``discover`` and ``read`` before any work starts:

* Building the CDK's serializers, serpyco reads every protocol class's attribute docstrings for the
  JSON schemas it can describe them with. On Python 3.11 ``inspect.getsource`` parses the whole
  module again for every class: 1-1.5 s. The docstrings only ever reach those JSON schemas, never
  what a serializer reads or writes, and nothing at run time asks for the schemas. So while the CDK
  is first imported, serpyco is handed no docstrings; afterwards its own lookup is put back.
* The package ``airbyte_cdk`` re-exports the whole CDK from its ``__init__``, the low-code
  (declarative) framework included: some 400 modules and ~0.3 s that a Python connector never uses.
  The package is put in place without running its ``__init__``, so importing a submodule
  (``airbyte_cdk.sources.streams.http``) loads that submodule and what it imports. The first time
  anything asks the package itself for a name (``from airbyte_cdk import AirbyteMessage``,
  ``airbyte_cdk.__version__``), its ``__init__`` runs, once, as the plain import would have run it.

If serpyco is laid out differently, or the CDK is already imported, nothing is changed.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from contextlib import contextmanager
from typing import Any, Iterator

CDK = "airbyte_cdk"
# What the connector imports from the CDK, imported here under the docstring shortcut; the modules
# build every serializer the connector uses while they load.
_CDK_MODULES = ("airbyte_cdk.entrypoint", "airbyte_cdk.sources.abstract_source", "airbyte_cdk.sources.streams.http")
_DOCSTRING_USERS = ("serpyco_rs._describe", "serpyco_rs._json_schema._convert")
_LOOKUP = "get_attributes_doc"


def _no_docstrings(cls: type) -> dict:
    return {}


@contextmanager
def without_attribute_docstrings() -> Iterator[None]:
    """Within the block, serpyco builds serializers without reading attribute docstrings."""
    try:
        modules = [importlib.import_module(name) for name in _DOCSTRING_USERS]
        originals = [getattr(module, _LOOKUP) for module in modules]
    except (ImportError, AttributeError):
        yield
        return
    for module in modules:
        setattr(module, _LOOKUP, _no_docstrings)
    try:
        yield
    finally:
        for module, original in zip(modules, originals):
            setattr(module, _LOOKUP, original)


def lazy_package(name: str) -> None:
    """Register package ``name`` so that its ``__init__`` runs when a name is first asked of it.

    Submodules import as usual: the import system only needs the package's ``__path__``. Does
    nothing for a module that is not a package or is imported already.
    """
    spec = importlib.util.find_spec(name)
    if name in sys.modules or spec is None or spec.loader is None or spec.submodule_search_locations is None:
        return
    package = importlib.util.module_from_spec(spec)

    def __getattr__(attribute: str) -> Any:
        # Called only for names the package does not hold yet. A submodule that is still importing
        # is one (`import airbyte_cdk.sources.x as y` inside airbyte_cdk.sources looks it up): the
        # import system would find it in sys.modules, and so do we.
        submodule = sys.modules.get(f"{name}.{attribute}")
        if submodule is not None:
            return submodule
        # Removed before the __init__ runs, so that its own `from . import x` finds submodules the usual way.
        del package.__dict__["__getattr__"]
        spec.loader.exec_module(package)  # type: ignore[union-attr]
        return getattr(package, attribute)

    package.__getattr__ = __getattr__  # type: ignore[attr-defined]
    sys.modules[name] = package


def import_cdk() -> None:
    if CDK in sys.modules:
        return
    with without_attribute_docstrings():
        lazy_package(CDK)
        for module in _CDK_MODULES:
            importlib.import_module(module)

