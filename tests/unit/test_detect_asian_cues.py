"""Malay/Indonesian and Vietnamese 'new group/instance' (the noun before 'baru'/'mới') refer back to the move's
destination, and Malay/Indonesian and Chinese everyday failure words ('tak boleh', 'tidak bisa', 'gagal'; '超时',
'…不了', '连不上') state a problem (Vietnamese 'lỗi' is left out: it made a move sentence's neighbour the problem
and cost an act on set to). Invented sentences of the kind (training sets zv, zw)."""
from __future__ import annotations

import pytest

from bot.judgement.detect import analyse, classify
from tests.unit.test_detect import ticket


@pytest.mark.parametrize("subject,description", [
    ("runner macet", "halo, kami pindah dari server sendiri ke gitlab.com. di grup baru pipeline tidak bisa jalan, "
     "runner selalu gagal ambil job."),
    ("SSO tak jalan", "kami pindah dari server sendiri ke gitlab.com. lepas setup SAML kat group baru, user tak boleh "
     "masuk sama sekali."),
    ("token lỗi", "Công ty mình đang chuyển từ server tự host lên gitlab.com. Trong group mới, token truy cập "
     "trả về 401 khi gọi API."),
])
def test_a_failure_in_the_new_group_is_on_the_destination(rules, subject, description):
    a = analyse(ticket(["sm_premium", "apac"], subject, description), rules)
    assert a.problem.offering == "saas", a.why
    assert a.outcome == "act", a.why


@pytest.mark.parametrize("text", [
    "流水线在gitlab.com上一直超时。",
    "gitlab.com上的runner访问不了我们的私有仓库。",
    "gitlab.com连不上内网的LDAP。",
    "di gitlab.com pipeline tidak bisa jalan.",
    "user tak boleh login ke gitlab.com.",
    "import ke gitlab.com gagal terus.",
])
def test_everyday_failure_words_state_a_problem(rules, text):
    a = analyse(ticket(["sm_premium", "apac"], "Help", text), rules)
    assert a.problem.has_problem, text


@pytest.mark.parametrize("text", [
    "kami sudah pindah ke gitlab.com dan semuanya boleh jalan dengan baik.",  # 'boleh' alone is no failure
    "这个问题少了一些信息。",
])
def test_guards_no_failure(rules, text):
    a = analyse(ticket(["sm_premium", "apac"], "Info", text), rules)
    assert not a.problem.has_problem, text


def test_license_on_the_old_server_still_no_act(rules):
    # guard: a failure on the paid side during the move stays no act
    out = classify(ticket(["sm_premium", "apac"], "lisensi",
                          "Kami sedang pindah dari server sendiri ke GitLab.com. Selama transisi server lama harus "
                          "tetap berlisensi, tetapi upload file lisensi di server lama gagal."), rules)
    assert out["outcome"] != "act", out["reason"]
