"""People: users with their roles, and the members of the steering group."""

import factory
from factory.django import DjangoModelFactory

from portal.models import SteeringGroupMember, User


class UserFactory(DjangoModelFactory):
    """A user through `User.objects.create_user`, so the password is hashed and the roles are
    granted as in real use: `role=` one role, `roles=` several (an enterprise user without
    either). The traits name the roles: `UserFactory(steering=True)`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    password = "password"
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.dk")
    first_name = factory.LazyAttribute(lambda user: user.username.capitalize())

    class Params:
        leader = factory.Trait(role=User.Role.PROJECT_LEADER, is_staff=True)
        consultant = factory.Trait(role=User.Role.CONSULTANT)
        steering = factory.Trait(role=User.Role.STEERING_GROUP)
        enterprise = factory.Trait(role=User.Role.ENTERPRISE)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, **kwargs)


class SteeringGroupMemberFactory(DjangoModelFactory):
    """A member of the steering group (with or without a login: `user=`)."""

    class Meta:
        model = SteeringGroupMember

    name = "Henrik Hansen"
    email = "hhan@example.dk"
    organisation = "Haderslev Kommune, Børn og Familie"
