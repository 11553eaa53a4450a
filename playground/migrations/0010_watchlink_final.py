# A watch link keeps the run's last frame and injected faults, for viewers who join after the end.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('playground', '0009_run_series'),
    ]

    operations = [
        migrations.AddField(
            model_name='watchlink',
            name='final',
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
