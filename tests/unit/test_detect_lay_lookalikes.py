"""Lay wordings of the offerings that are not offering moves.

A non-engineer's words for Dedicated ("the private one you run just for us"), SaaS ("your online version") and
Self-Managed ("our own servers") must be read only in the form that names the offering: a private instance, a group
only visible to us, the web version of a page, our own machines for CI jobs are on any offering. None of these
tickets may be acted on, nor given a level or a date. True lay-worded moves are kept."""
import pytest

from bot.judgement.detect import analyse, classify
from bot.rules.loader import load_rules
from tests.unit.test_detect import ticket

R = load_rules()


def _out(tags, text):
    return classify(ticket(tags, "Help", text), R)


def _mentioned(text, tags=("sm_premium",)):
    a = analyse(ticket(list(tags), "x", text), R)
    return {m.offering for ev in a.evs for m in ev.mentions}


def _no_act(o):
    assert o["outcome"] != "act", o["reason"]
    assert o["support_level"] is None and o["target_date"] is None


# --- finding 1-3: private / only-for-us / 専用 words are Dedicated only when the vendor runs it -------------------

NOT_DEDICATED = [
    (["sm_premium"], "We are moving our private instance to new hardware in our data centre; the cutover is on 15 January "
                     "2027 and we will upgrade to Ultimate then. On the new private instance, SSH pushes fail with "
                     "'connection reset'."),
    (["sm_premium"], "We moved the instance to the private network in our new office. Since then the private instance "
                     "cannot send mail."),
    (["saas_premium"], "We are moving our GitLab.com projects into a private space in a new top-level group. Since "
                       "then pipelines in the private space fail with 403."),
    (["saas_premium"], "Wir verschieben unsere Projekte bis zum 15. Januar 2027 in eine neue Gruppe auf GitLab.com, "
                       "die nur für uns sichtbar ist. Seitdem schlagen die Pipelines mit 403 fehl."),
    (["saas_premium"], "GitLab.com上で弊社専用の新しいグループへプロジェクトを移行しました。それ以降、パイプラインが403エラーで失敗します。"),
    (["sm_premium"], "We are migrating the private environment in our VPC to a bigger VM next week; after that the "
                     "registry returns 500."),
]


@pytest.mark.parametrize("tags,text", NOT_DEDICATED)
def test_private_or_only_for_us_is_not_dedicated_by_itself(tags, text):
    o = _out(tags, text)
    _no_act(o)
    assert o["target_offering"] != "dedicated"


@pytest.mark.parametrize("text", [
    "Il server è solo per noi, lo stiamo spostando in un nuovo rack.",
    "Serwer jest tylko dla nas, przenosimy go do nowej serwerowni.",
    "这个仓库只为我们团队使用。",
    "新しいデータセンターへ弊社専用サーバーを移行しています。",
    "사내 전용 환경에서 운영합니다.",
    "We keep a private copy of the database.",
    "Our new private instance is slow.",
])
def test_private_words_are_no_dedicated_mention(text):
    assert "dedicated" not in _mentioned(text)


@pytest.mark.parametrize("text", [
    "We are moving from GitLab.com to the private one you run just for us.",
    "Wir ziehen von GitLab.com auf die Instanz um, die Sie nur für uns betreiben.",
    "GitLab.comから御社が運用する弊社専用の環境へ移行します。",
    "We are moving to a private version hosted by you.",
])
def test_vendor_run_private_version_is_still_dedicated(text):
    assert "dedicated" in _mentioned(text, ("saas_premium",))


# --- finding 4, 8: our own machines, a copy, a basement are on any offering ------------------------------------

@pytest.mark.parametrize("tags,text", [
    (["saas_premium"], "We have moved all CI jobs from your shared runners to our own machines. Since the move, jobs on our "
                       "own machines stay pending; the registry pull fails with 403."),
    (["saas_premium"], "We have moved all CI jobs from your shared runners to our own computers, finishing by 20 January "
                       "2027. Jobs on our own computers stay pending with 403."),
    (["saas_premium"], "We are transferring our group to a new top-level group on GitLab.com. We keep our own copy of the "
                       "repositories; the transfer fails with 500."),
])
def test_own_machines_or_copy_is_no_self_managed_move(tags, text):
    o = _out(tags, text)
    _no_act(o)
    assert o["target_offering"] != "self_managed"
    assert o["problem_offering"] != "self_managed"


@pytest.mark.parametrize("text", [
    "We keep our own copy of the repositories.",
    "Ruteren står i kjelleren.",
    "Routeren står i kælderen.",
    "Ο δρομολογητής είναι στο υπόγειο.",
    "Our jobs run on our own machines.",
])
def test_copy_basement_machines_are_no_self_managed_mention(text):
    assert "self_managed" not in _mentioned(text, ("saas_premium",))


@pytest.mark.parametrize("text", [
    "We keep a private copy of the backups.",
])
def test_private_copy_is_no_dedicated_mention(text):
    assert "dedicated" not in _mentioned(text)


def test_own_server_move_still_read():
    assert "self_managed" in _mentioned("We are moving from GitLab.com to our own server in the office.", ("saas_premium",))
    assert "self_managed" in _mentioned("Vi flytter til vores serverrum.", ("saas_premium",))


# --- finding 5: the web version / web service / website are the browser pages or the vendor's site --------------

@pytest.mark.parametrize("tags,text", [
    (["dedicated_ultimate"], "We are consolidating two top-level groups on our Dedicated instance. Since the move, the "
                             "web version shows a 500 error on the merge request page."),
    (["sm_premium"], "We are moving our self-managed instance to a new EC2 host. Since the move the web version shows a 502."),
])
def test_web_version_is_no_saas(tags, text):
    o = _out(tags, text)
    _no_act(o)
    assert o["problem_offering"] != "saas" and o["target_offering"] != "saas"


@pytest.mark.parametrize("text", [
    "I read it on your website.", "The web service is down.", "The internet service at our office is flaky.",
    "Die Webversion zeigt einen Fehler 500.",
])
def test_web_words_are_no_saas_mention(text):
    assert "saas" not in _mentioned(text)


@pytest.mark.parametrize("text", [
    "We are moving from our own server to your online version.",
    "We want to move to the online version you host.",
])
def test_vendor_named_online_version_is_still_saas(text):
    assert "saas" in _mentioned(text)


# --- finding 6, 7: English words that looked like move or leave words -------------------------------------------

def test_preselected_is_no_move():
    o = _out(["sm_premium"], "On our self-managed instance, the preselected reviewers are not shown on merge requests. "
                             "GitLab.com shows them correctly.")
    assert o["outcome"] == "none", o["reason"]


@pytest.mark.parametrize("text", ["The preselected reviewers are not shown.", "We prehashed the tokens."])
def test_english_pre_words_are_no_move(text):
    a = analyse(ticket(["sm_premium"], "x", text), R)
    assert not any(ev.move for ev in a.evs)


@pytest.mark.parametrize("text", ["Selimo na GitLab.com sljedeći mjesec.", "Preseljenje na GitLab.com je u siječnju.",
                                  "Prehajamo na GitLab.com naslednji mesec."])
def test_slavic_move_words_still_read(text):
    a = analyse(ticket(["sm_premium"], "x", text), R)
    assert any(ev.move for ev in a.evs)


def test_stopped_running_is_no_leaving():
    o = _out(["saas_premium"], "Since Monday our pipelines stopped running in our GitLab.com group. We are also setting "
                               "up a self-managed test server next month.")
    assert o["outcome"] == "none", o["reason"]


def test_stop_using_the_old_server_is_still_leaving():
    a = analyse(ticket(["sm_premium"], "x", "We will stop using our old server and use GitLab.com from March."), R)
    assert any(ev.leave for ev in a.evs)


# --- finding 9: Chinese 'before' says when, not which side -------------------------------------------------------

def test_chinese_before_is_no_source_side():
    o = _out(["sm_premium"], "我们正在从自建服务器迁移到 GitLab.com。自建服务器以前导出没有问题,现在自建服务器上的导出报错500。")
    assert o["problem_offering"] == "self_managed", o["reason"]


@pytest.mark.parametrize("text", [
    "We are moving from the server in the admin block to your website version.",
    "Wir sind auf Ihre Webseiten-Version umgestiegen.",
])
def test_vendor_named_website_version_is_still_saas(text):
    assert "saas" in _mentioned(text)
