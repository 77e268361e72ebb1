"""The programme's models move here from `portal`, keeping their tables and their rows.

The tables stay as they are (`portal_phase`, `portal_historicalphase`, ...: each model
names its `db_table`), so this migration changes Django's state only: it creates the
models in the `programme` app's state and touches no table (`database_operations=[]`).
`portal.0010_programme_moves_to_its_own_app` then removes them from `portal`'s state.

The content types follow the models (`portal.phase` becomes `programme.phase`, historical
models too), so that the admin's log, the stored e-mail (`Delivery.content_type`), agenda
items pointing at something and the permissions given to groups keep pointing right.
"""

import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
import django.utils.timezone
import portal.programme.models.plan
import portal.validators
import simple_history.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


# The moved models and their historical copies (django-simple-history), by model name.
MOVED = [
    'activity',
    'agendaitem',
    'baselineline',
    'budgetbaseline',
    'decision',
    'followuptask',
    'phase',
    'steeringmeeting',
    'timeentry',
    'historicalactivity',
    'historicaldecision',
    'historicalfollowuptask',
    'historicalphase',
    'historicalsteeringmeeting',
]


def _relabel(apps, old, new):
    """Content types of the moved models from app label `old` to `new`. Where `new` has
    one already (a database that saw the new code before this ran), the old one is left."""
    content_type = apps.get_model('contenttypes', 'ContentType')
    taken = set(
        content_type.objects.filter(app_label=new, model__in=MOVED).values_list('model', flat=True)
    )
    content_type.objects.filter(app_label=old, model__in=set(MOVED) - taken).update(app_label=new)


def content_types_forward(apps, schema_editor):
    _relabel(apps, 'portal', 'programme')


def content_types_backward(apps, schema_editor):
    _relabel(apps, 'programme', 'portal')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        # The last of portal's migrations while these models were its own: the tables are
        # there, as it left them.
        ('portal', '0009_jobs'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Activity',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('description', models.TextField(blank=True, max_length=5000, verbose_name='description')),
                        ('estimated_hours', models.DecimalField(decimal_places=2, max_digits=8, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='estimated hours')),
                        ('hourly_rate', models.DecimalField(decimal_places=2, default=Decimal('825.00'), max_digits=9, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='hourly rate (excl. VAT)')),
                        ('planned_start', models.DateField(validators=[portal.validators.DateRangeValidator()], verbose_name='planned start')),
                        ('planned_end', models.DateField(validators=[portal.validators.DateRangeValidator()], verbose_name='planned end')),
                        ('responsible', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='programme_activities', to=settings.AUTH_USER_MODEL, verbose_name='responsible')),
                    ],
                    options={
                        'verbose_name': 'activity',
                        'verbose_name_plural': 'activities',
                        'db_table': 'portal_activity',
                        'ordering': ('phase__number', 'position', 'pk'),
                    },
                ),
                migrations.CreateModel(
                    name='AgendaItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField(default=1, verbose_name='number')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('description', models.TextField(blank=True, max_length=5000, verbose_name='description')),
                        ('subject_id', models.PositiveBigIntegerField(blank=True, null=True)),
                        ('points_at_budget', models.BooleanField(default=False, verbose_name='points at the budget')),
                        ('subject_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype', verbose_name='points at')),
                    ],
                    options={
                        'verbose_name': 'agenda item',
                        'verbose_name_plural': 'agenda items',
                        'db_table': 'portal_agendaitem',
                        'ordering': ('meeting', 'position', 'pk'),
                    },
                ),
                migrations.CreateModel(
                    name='BudgetBaseline',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, validators=[portal.validators.DateRangeValidator()], verbose_name='created')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                    ],
                    options={
                        'verbose_name': 'budget baseline',
                        'verbose_name_plural': 'budget baselines',
                        'db_table': 'portal_budgetbaseline',
                        'ordering': ('created_at',),
                    },
                ),
                migrations.CreateModel(
                    name='BaselineLine',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('phase_number', models.PositiveSmallIntegerField(verbose_name='phase')),
                        ('name', models.CharField(max_length=200, verbose_name='activity')),
                        ('hours', models.DecimalField(decimal_places=2, max_digits=8, verbose_name='hours')),
                        ('hourly_rate', models.DecimalField(decimal_places=2, max_digits=9, verbose_name='hourly rate (excl. VAT)')),
                        ('activity', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='baseline_lines', to='programme.activity', verbose_name='activity')),
                        ('baseline', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='lines', to='programme.budgetbaseline', verbose_name='baseline')),
                    ],
                    options={
                        'verbose_name': 'baseline line',
                        'verbose_name_plural': 'baseline lines',
                        'db_table': 'portal_baselineline',
                        'ordering': ('phase_number', 'pk'),
                    },
                ),
                migrations.CreateModel(
                    name='Decision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.TextField(max_length=5000, verbose_name='decision')),
                        ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, validators=[portal.validators.DateRangeValidator()], verbose_name='recorded')),
                        ('agenda_item', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='decisions', to='programme.agendaitem', verbose_name='agenda item')),
                        ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                    ],
                    options={
                        'verbose_name': 'decision',
                        'verbose_name_plural': 'decisions',
                        'db_table': 'portal_decision',
                        'ordering': ('meeting', 'recorded_at', 'pk'),
                    },
                ),
                migrations.CreateModel(
                    name='FollowUpTask',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=300, verbose_name='task')),
                        ('due_on', models.DateField(validators=[portal.validators.DateRangeValidator()], verbose_name='deadline')),
                        ('done_at', models.DateTimeField(blank=True, editable=False, null=True, validators=[portal.validators.DateRangeValidator()], verbose_name='done')),
                        ('decision', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tasks', to='programme.decision', verbose_name='decision')),
                        ('done_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='done by')),
                        ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='steering_tasks', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
                    ],
                    options={
                        'verbose_name': 'follow-up task',
                        'verbose_name_plural': 'follow-up tasks',
                        'db_table': 'portal_followuptask',
                        'ordering': ('done_at', 'due_on', 'pk'),
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalFollowUpTask',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('title', models.CharField(max_length=300, verbose_name='task')),
                        ('due_on', models.DateField(validators=[portal.validators.DateRangeValidator()], verbose_name='deadline')),
                        ('done_at', models.DateTimeField(blank=True, editable=False, null=True, validators=[portal.validators.DateRangeValidator()], verbose_name='done')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('decision', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programme.decision', verbose_name='decision')),
                        ('done_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='done by')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('owner', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='owner')),
                    ],
                    options={
                        'verbose_name': 'historical follow-up task',
                        'verbose_name_plural': 'historical follow-up tasks',
                        'db_table': 'portal_historicalfollowuptask',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalPhase',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(db_index=True, verbose_name='number')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('description', models.TextField(blank=True, max_length=5000, verbose_name='description')),
                        ('starts_on', models.DateField(validators=[portal.validators.DateRangeValidator()], verbose_name='starts')),
                        ('ends_on', models.DateField(validators=[portal.validators.DateRangeValidator()], verbose_name='ends')),
                        ('contracted', models.BooleanField(default=False, help_text='Time can only be registered on a phase that the municipality has ordered.', verbose_name='contracted')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical phase',
                        'verbose_name_plural': 'historical phases',
                        'db_table': 'portal_historicalphase',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalSteeringMeeting',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('starts_at', models.DateTimeField(validators=[portal.validators.DateRangeValidator()], verbose_name='starts')),
                        ('ends_at', models.DateTimeField(validators=[portal.validators.DateRangeValidator()], verbose_name='ends')),
                        ('place', models.CharField(max_length=200, verbose_name='place')),
                        ('minutes', models.TextField(blank=True, max_length=20000, verbose_name='minutes')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, validators=[portal.validators.DateRangeValidator()], verbose_name='created')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('created_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical steering group meeting',
                        'verbose_name_plural': 'historical steering group meetings',
                        'db_table': 'portal_historicalsteeringmeeting',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='Phase',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.PositiveSmallIntegerField(unique=True, verbose_name='number')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('description', models.TextField(blank=True, max_length=5000, verbose_name='description')),
                        ('starts_on', models.DateField(validators=[portal.validators.DateRangeValidator()], verbose_name='starts')),
                        ('ends_on', models.DateField(validators=[portal.validators.DateRangeValidator()], verbose_name='ends')),
                        ('contracted', models.BooleanField(default=False, help_text='Time can only be registered on a phase that the municipality has ordered.', verbose_name='contracted')),
                    ],
                    options={
                        'verbose_name': 'phase',
                        'verbose_name_plural': 'phases',
                        'db_table': 'portal_phase',
                        'ordering': ('number',),
                        'constraints': [models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='portal_phase_ends_after_start', violation_error_message='A phase cannot end before it starts.')],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalActivity',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField(default=0, verbose_name='position')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('description', models.TextField(blank=True, max_length=5000, verbose_name='description')),
                        ('estimated_hours', models.DecimalField(decimal_places=2, max_digits=8, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='estimated hours')),
                        ('hourly_rate', models.DecimalField(decimal_places=2, default=Decimal('825.00'), max_digits=9, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='hourly rate (excl. VAT)')),
                        ('planned_start', models.DateField(validators=[portal.validators.DateRangeValidator()], verbose_name='planned start')),
                        ('planned_end', models.DateField(validators=[portal.validators.DateRangeValidator()], verbose_name='planned end')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('responsible', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='responsible')),
                        ('phase', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programme.phase', verbose_name='phase')),
                    ],
                    options={
                        'verbose_name': 'historical activity',
                        'verbose_name_plural': 'historical activities',
                        'db_table': 'portal_historicalactivity',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddField(
                    model_name='activity',
                    name='phase',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='activities', to='programme.phase', verbose_name='phase'),
                ),
                migrations.CreateModel(
                    name='SteeringMeeting',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('starts_at', models.DateTimeField(validators=[portal.validators.DateRangeValidator()], verbose_name='starts')),
                        ('ends_at', models.DateTimeField(validators=[portal.validators.DateRangeValidator()], verbose_name='ends')),
                        ('place', models.CharField(max_length=200, verbose_name='place')),
                        ('minutes', models.TextField(blank=True, max_length=20000, verbose_name='minutes')),
                        ('agenda_sent_at', models.DateTimeField(blank=True, editable=False, null=True, validators=[portal.validators.DateRangeValidator()], verbose_name='agenda sent')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, validators=[portal.validators.DateRangeValidator()], verbose_name='created')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                    ],
                    options={
                        'verbose_name': 'steering group meeting',
                        'verbose_name_plural': 'steering group meetings',
                        'db_table': 'portal_steeringmeeting',
                        'ordering': ('-starts_at',),
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalDecision',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('text', models.TextField(max_length=5000, verbose_name='decision')),
                        ('recorded_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, validators=[portal.validators.DateRangeValidator()], verbose_name='recorded')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('agenda_item', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programme.agendaitem', verbose_name='agenda item')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                        ('meeting', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='programme.steeringmeeting', verbose_name='meeting')),
                    ],
                    options={
                        'verbose_name': 'historical decision',
                        'verbose_name_plural': 'historical decisions',
                        'db_table': 'portal_historicaldecision',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddField(
                    model_name='decision',
                    name='meeting',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='decisions', to='programme.steeringmeeting', verbose_name='meeting'),
                ),
                migrations.AddField(
                    model_name='agendaitem',
                    name='meeting',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='agenda_items', to='programme.steeringmeeting', verbose_name='meeting'),
                ),
                migrations.CreateModel(
                    name='TimeEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(validators=[portal.validators.DateRangeValidator(future_message='Time cannot be registered in the future.', not_in_future=True)], verbose_name='date')),
                        ('hours', models.DecimalField(decimal_places=2, max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0.25'), message='Register at least a quarter of an hour.'), portal.programme.models.plan.validate_hours_per_entry], verbose_name='hours')),
                        ('hourly_rate', models.DecimalField(decimal_places=2, default=Decimal('825.00'), editable=False, max_digits=9, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='hourly rate (excl. VAT)')),
                        ('note', models.CharField(blank=True, max_length=300, verbose_name='note')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, validators=[portal.validators.DateRangeValidator()], verbose_name='registered')),
                        ('activity', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='time_entries', to='programme.activity', verbose_name='activity')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='time_entries', to=settings.AUTH_USER_MODEL, verbose_name='consultant')),
                    ],
                    options={
                        'verbose_name': 'time registration',
                        'verbose_name_plural': 'time registrations',
                        'db_table': 'portal_timeentry',
                        'ordering': ('-date', '-created_at'),
                    },
                ),
                migrations.AddConstraint(
                    model_name='budgetbaseline',
                    constraint=models.UniqueConstraint(django.db.models.functions.text.Lower('name'), name='portal_budget_baseline_name_unique', violation_error_code='unique', violation_error_message='A baseline with this name already exists.'),
                ),
                migrations.AddConstraint(
                    model_name='activity',
                    constraint=models.CheckConstraint(condition=models.Q(('planned_end__gte', models.F('planned_start'))), name='portal_activity_ends_after_start', violation_error_message='An activity cannot end before it starts.'),
                ),
                migrations.AddConstraint(
                    model_name='activity',
                    constraint=models.CheckConstraint(condition=models.Q(('estimated_hours__gte', 0), ('hourly_rate__gte', 0)), name='portal_activity_estimate_not_negative', violation_error_message='Hours and rate cannot be negative.'),
                ),
                migrations.AddConstraint(
                    model_name='steeringmeeting',
                    constraint=models.CheckConstraint(condition=models.Q(('ends_at__gt', models.F('starts_at'))), name='portal_steering_meeting_ends_after_start', violation_error_message='A meeting must end after it starts.'),
                ),
                migrations.AddConstraint(
                    model_name='agendaitem',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('subject_id__isnull', True), ('subject_type__isnull', True)), models.Q(('subject_id__isnull', False), ('subject_type__isnull', False)), _connector='OR'), name='portal_agenda_item_subject_whole'),
                ),
                migrations.AddConstraint(
                    model_name='agendaitem',
                    constraint=models.CheckConstraint(condition=models.Q(('points_at_budget', True), ('subject_type__isnull', False), _negated=True), name='portal_agenda_item_one_subject', violation_error_message='An agenda item points at one thing: a document or the budget.'),
                ),
                migrations.AddConstraint(
                    model_name='agendaitem',
                    constraint=models.UniqueConstraint(fields=('meeting', 'position'), name='portal_agenda_item_position_unique', violation_error_code='unique', violation_error_message="Another item of this meeting's agenda has this number. Choose another."),
                ),
                migrations.AddConstraint(
                    model_name='timeentry',
                    constraint=models.CheckConstraint(condition=models.Q(('hours__gt', 0), ('hours__lte', Decimal('16'))), name='portal_time_entry_hours_in_range', violation_error_message='Hours must be more than 0 and at most 16.'),
                ),
            ],
            # The tables are portal's, with their rows: nothing to create.
            database_operations=[],
        ),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
