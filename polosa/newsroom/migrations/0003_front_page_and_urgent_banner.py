"""«Первая полоса» (the pinned lead and featured stories) and the «Срочно» banner."""

import django.db.models.deletion
import django.utils.timezone
import modelcluster.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('news', '0003_articlepage_reviewed_title'),
        ('newsroom', '0002_workflow'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='FrontPage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('lead_until', models.DateTimeField(blank=True, help_text='Пусто — пока не снимут. После этого времени материал уходит с места сам.', null=True, verbose_name='до')),
                ('lead', models.ForeignKey(blank=True, help_text='Пусто — ведёт самый свежий материал с картинкой.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='news.articlepage', verbose_name='ведущий материал')),
                ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
            ],
            options={
                'verbose_name': 'первая полоса',
                'verbose_name_plural': 'первые полосы',
            },
        ),
        migrations.CreateModel(
            name='FeaturedStory',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('until', models.DateTimeField(blank=True, help_text='Пусто — пока не снимут. После этого времени материал уходит с места сам.', null=True, verbose_name='до')),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='news.articlepage', verbose_name='материал')),
                ('front_page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='featured', to='newsroom.frontpage')),
            ],
            options={
                'verbose_name': 'материал выбора редакции',
                'verbose_name_plural': 'материалы выбора редакции',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='UrgentBanner',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('text', models.CharField(max_length=200, verbose_name='текст')),
                ('until', models.DateTimeField(verbose_name='до')),
                ('set_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='поставлена')),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='news.articlepage', verbose_name='материал')),
                ('set_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='кто поставил')),
            ],
            options={
                'verbose_name': 'срочная новость',
                'verbose_name_plural': 'срочные новости',
                'ordering': ['-set_at', '-pk'],
            },
        ),
    ]
