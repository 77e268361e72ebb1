"""Jobs for the tests of portal.jobs, in a module a real worker can import too
(`celery -A portal worker --include tests.worker_tasks`)."""

from portal import jobs

FAILURES = []


@jobs.task("tests.count", label="Count")
def count(job, steps):
    for step in range(steps):
        jobs.job_progress(job, step, steps)


@jobs.task("tests.flaky", label="Flaky")
def flaky(job, failures):
    """Fails `failures` times (as the outside world does), then succeeds."""
    if job.attempts <= failures:
        raise jobs.TryAgain(f"attempt {job.attempts} failed")


@jobs.task("tests.down", label="Down", max_retries=2)
def down(job):
    """The outside world never comes back: tried three times, then failed."""
    raise jobs.TryAgain(f"attempt {job.attempts}: the register did not answer")


@jobs.task(
    "tests.refused",
    label="Refused",
    on_failure=lambda job, error: FAILURES.append((job.pk, str(error))),
)
def refused(job):
    raise jobs.JobFailed("The file is too large.")


@jobs.task("tests.broken", label="Broken")
def broken(job):
    raise ZeroDivisionError("division by zero")
