from ninja import NinjaAPI

from wirausaha.accounts.api import router as accounts_router
from wirausaha.allocation.api import router as allocation_router
from wirausaha.coaching.api import router as coaching_router
from wirausaha.documents.api import router as documents_router
from wirausaha.finance.api import router as finance_router
from wirausaha.grievances.api import router as grievances_router
from wirausaha.licensing.api import router as licensing_router
from wirausaha.market.api import router as market_router
from wirausaha.monitoring.api import router as monitoring_router
from wirausaha.operations.api import router as operations_router
from wirausaha.programs.api import router as programs_router
from wirausaha.reference.api import router as reference_router
from wirausaha.registry.api import router as registry_router
from wirausaha.training.api import router as training_router

from . import errors
from .auth import AUTH
from .health import router as health_router


class WirausahaAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        return errors.document_plain_text(errors.document_errors(schema))


api = WirausahaAPI(
    title="Wirausaha API",
    version="1",
    description="Layanan Kewirausahaan Korban PHK: reference data, registry and programme records.",
    auth=AUTH,
    urls_namespace="api",
    docs_url="/docs",
)
errors.install(api)
api.add_router("", health_router)
api.add_router("", reference_router)
api.add_router("", accounts_router)
api.add_router("", registry_router)
api.add_router("", programs_router)
api.add_router("", allocation_router)
api.add_router("", training_router)
api.add_router("", coaching_router)
api.add_router("", documents_router)
api.add_router("", licensing_router)
api.add_router("", finance_router)
api.add_router("", market_router)
api.add_router("", grievances_router)
api.add_router("", monitoring_router)
api.add_router("", operations_router)
