import factory

from motcua.agencies.models import Agency, Division


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"000.{n // 100 % 100:02d}.{n % 100:02d}.H56")
    name = factory.Sequence(lambda n: f"UBND phường Thử nghiệm {n}")
    short_name = factory.Sequence(lambda n: f"P.TN{n}")
    level = Agency.Level.COMMUNE

    @factory.post_generation
    def desk(obj, create, extracted, **kwargs):
        if create and not obj.divisions.filter(is_one_stop_desk=True).exists():
            Division.objects.create(agency=obj, code="mot-cua", name="Bộ phận Một cửa", is_one_stop_desk=True)


class DivisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Division

    agency = factory.SubFactory(AgencyFactory)
    code = factory.Sequence(lambda n: f"phong-{n}")
    name = factory.Sequence(lambda n: f"Phòng chuyên môn {n}")
