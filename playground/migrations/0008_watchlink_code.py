# A watch link's short code (/w/<code>/) and the run's design snapshot and scenario, for viewers.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('playground', '0007_scenario_questions'),
    ]

    operations = [
        migrations.AddField(
            model_name='watchlink',
            name='code',
            field=models.CharField(blank=True, max_length=6, null=True, unique=True),
        ),
        migrations.AddField(
            model_name='watchlink',
            name='document',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='watchlink',
            name='scenario',
            field=models.SlugField(blank=True, default='', max_length=100),
        ),
    ]
