"""The fields of cooperation protocols usually list, in English and Turkish."""

from django.db import migrations

FIELDS = [
    ("trade", "Trade and economy", "Ticaret ve ekonomi"),
    ("culture", "Culture and arts", "Kültür ve sanat"),
    ("education", "Education", "Eğitim"),
    ("tourism", "Tourism", "Turizm"),
    ("sport", "Sport", "Spor"),
    ("heritage", "Cultural heritage and restoration", "Kültürel miras ve restorasyon"),
    ("urban-planning", "Urban planning", "Şehircilik"),
    ("environment", "Environment", "Çevre"),
    ("health", "Health", "Sağlık"),
    ("youth", "Youth", "Gençlik"),
    ("social-services", "Social services", "Sosyal hizmetler"),
    ("transport", "Transport", "Ulaşım"),
    ("technology", "Technology and smart cities", "Teknoloji ve akıllı şehirler"),
    ("agriculture", "Agriculture", "Tarım"),
    ("disaster-management", "Disaster management", "Afet yönetimi"),
    ("local-government", "Local government and experience sharing", "Yerel yönetim ve tecrübe paylaşımı"),
]


def add_fields(apps, schema_editor):
    CooperationField = apps.get_model("municipalities", "CooperationField")
    for order, (slug, name_en, name_tr) in enumerate(FIELDS, start=1):
        CooperationField.objects.update_or_create(
            slug=slug,
            defaults={"name": name_en, "name_en": name_en, "name_tr": name_tr, "order": order},
        )


def remove_fields(apps, schema_editor):
    CooperationField = apps.get_model("municipalities", "CooperationField")
    CooperationField.objects.filter(slug__in=[slug for slug, *_ in FIELDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]

    operations = [migrations.RunPython(add_fields, remove_fields)]
