from ninja import Router

from .applications import router as applications_router
from .grants import router as grants_router

router = Router(tags=["finance"])
router.add_router("", grants_router)
router.add_router("", applications_router)
