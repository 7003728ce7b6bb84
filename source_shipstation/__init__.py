from .fast_start import import_cdk

import_cdk()  # before anything below imports the CDK

from .source import SourceShipstation  # noqa: E402

__all__ = ["SourceShipstation"]
