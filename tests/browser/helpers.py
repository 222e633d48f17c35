"""What the browser tests share: a user with a password the production validators accept,
and logging in through the login page."""

from django.contrib.auth.password_validation import validate_password

from accounts.models import User

PASSWORD = "Shangcheng-2024"


def make_user(username, **fields):
    user = User(username=username, **fields)
    validate_password(PASSWORD, user)  # a password the production validators accept
    user.set_password(PASSWORD)
    user.save()
    return user


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("load")
