from decimal import Decimal

import factory

from motcua.accounts.models import Role
from motcua.catalog.models import Fee, Field, Procedure, ProcedureVersion, ProcessStep, RequiredDocument

Kind = ProcessStep.Kind

# A typical internal process: 5 working days split across the steps (DOMAIN.md, lifecycle).
STANDARD_STEPS = [
    (Kind.RECEPTION, "Tiếp nhận hồ sơ", Role.RECEPTION, "mot-cua", "0.5"),
    (Kind.ASSIGNMENT, "Phân công thụ lý", Role.DIVISION_HEAD, "chuyen-mon", "0.5"),
    (Kind.PROCESSING, "Thụ lý, thẩm định", Role.HANDLER, "chuyen-mon", "2.5"),
    (Kind.REVIEW, "Xét duyệt", Role.DIVISION_HEAD, "chuyen-mon", "0.5"),
    (Kind.APPROVAL, "Ký duyệt", Role.LEADER, "", "0.5"),
    (Kind.RETURN, "Trả kết quả", Role.RECEPTION, "mot-cua", "0.5"),
]


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"linh-vuc-{n}")
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure

    # Far from the real codes tests name (1.001193, 1.000001…), however many procedures a run makes.
    code = factory.Sequence(lambda n: f"1.9{n:05d}")
    owner = factory.SubFactory("motcua.agencies.tests.factories.AgencyFactory")


class ProcedureVersionFactory(factory.django.DjangoModelFactory):
    """A published version with the standard process, one required document and a fee."""

    class Meta:
        model = ProcedureVersion
        skip_postgeneration_save = True

    procedure = factory.SubFactory(ProcedureFactory)
    number = 1
    status = ProcedureVersion.Status.PUBLISHED
    name = factory.Sequence(lambda n: f"Thủ tục thử nghiệm {n}")
    field = factory.SubFactory(FieldFactory)
    levels = factory.LazyFunction(lambda: [ProcedureVersion.Level.COMMUNE])
    legal_time = Decimal("5")
    time_unit = ProcedureVersion.TimeUnit.WORKING_DAYS
    deliveries = factory.LazyFunction(lambda: [ProcedureVersion.Delivery.COUNTER, ProcedureVersion.Delivery.POST])
    online_mode = ProcedureVersion.OnlineMode.FULL
    form_schema = factory.LazyFunction(
        lambda: {"fields": [{"name": "noi_dung", "label": "Nội dung yêu cầu", "type": "text", "required": True}]}
    )

    @factory.post_generation
    def agencies(obj, create, extracted, **kwargs):
        if create:
            obj.agencies.set(extracted or [obj.procedure.owner])

    @factory.post_generation
    def steps(obj, create, extracted, **kwargs):
        if not create:
            return
        for order, (kind, name, role, division, quota) in enumerate(extracted or STANDARD_STEPS, start=1):
            ProcessStep.objects.create(
                version=obj, order=order, kind=kind, name=name, role=role, division_code=division, quota=Decimal(quota),
                transfer_level=ProcedureVersion.Level.DISTRICT if kind == Kind.TRANSFER else "",
            )

    @factory.post_generation
    def documents(obj, create, extracted, **kwargs):
        if create:
            RequiredDocument.objects.create(version=obj, order=1, name="Tờ khai theo mẫu", originals=1, copies=0)
            RequiredDocument.objects.create(
                version=obj, order=2, name="Giấy tờ chứng minh nơi cư trú", originals=0, copies=1, mandatory=False
            )

    @factory.post_generation
    def fees(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            Fee.objects.create(version=obj, name="Lệ phí", amount=extracted or 50_000)
