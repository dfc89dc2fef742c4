from django.conf import settings
from django.db import migrations, models


def unlink_paper_dossiers(apps, schema_editor):
    """Paper dossiers were tied to whichever account claimed the applicant's number, checked
    by nobody. They now belong to the account whose verified identifier it is (no link is
    stored), so the old links go; online dossiers keep the account that filed them."""
    Dossier = apps.get_model("dossiers", "Dossier")
    Dossier.objects.exclude(channel="online").exclude(applicant=None).update(applicant=None)


class Migration(migrations.Migration):

    dependencies = [
        ("agencies", "0001_initial"),
        ("catalog", "0003_procedure_search_name"),
        ("dossiers", "0009_random_file_names"),
        ("accounts", "0003_identity_verification"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(unlink_paper_dossiers, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="dossier",
            constraint=models.CheckConstraint(
                condition=models.Q(("channel", "online"), ("applicant__isnull", True), _connector="OR"),
                name="dossier_account_files_online",
            ),
        ),
    ]
