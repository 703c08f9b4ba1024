"""Move and leave words in the forms people write them: other persons and tenses than the first-person plural the
lists held, affixed and separable verbs, phrasal 'go over to'; and the customer's own installation named as
'self-run' in more languages. Sentences written for these tests (no ticket's text); judged on the phrase rules alone
(scorer=None), so the learned model cannot hide a rule that misses."""
from __future__ import annotations

import pytest

from tests.unit.test_detect_traits import _rules_read

MOVES = [
    # Turkish: third person and past forms of geçmek / taşımak, not only 'geçiyoruz'
    (["sm_premium"], "Müşteri self-managed'dan SaaS'a geçiyor. SaaS grubunda içe aktarma 500 hatası veriyor.", "saas"),
    (["sm_premium"], "Geçen ay self-managed'dan SaaS'a geçtiler. SaaS grubunda içe aktarma 500 hatası veriyor.", "saas"),
    # Korean: 이전 as a verb in its other endings ('이전하기로', '이전한')
    (["sm_premium"], "Self-Managed에서 Dedicated로 이전하기로 결정했습니다. Dedicated 인스턴스에서 SAML 로그인이 실패합니다.",
     "dedicated"),
    # Arabic: the verb انتقل in its conjugations ('انتقلنا', 'سينتقلون'), not only the noun and 'ننتقل'
    (["sm_premium"], "انتقلنا من self-managed إلى SaaS الشهر الماضي. على SaaS يفشل استيراد المشاريع بخطأ 500.", "saas"),
    (["sm_premium"], "سينتقلون من self-managed إلى Dedicated. على Dedicated يفشل تسجيل الدخول بخطأ 500.", "dedicated"),
    # Malay / Indonesian: affixed forms of pindah ('berpindah', 'pemindahan', 'dipindahkan')
    (["saas_premium"], "Pelanggan sedang berpindah dari SaaS ke Dedicated. Pada Dedicated, log masuk SAML gagal dengan "
     "ralat 500.", "dedicated"),
    (["sm_premium"], "Pemindahan dari self-managed ke Dedicated telah diputuskan. Pada Dedicated, webhook gagal dengan "
     "ralat 500.", "dedicated"),
    # Bulgarian: 'напускаме' (we leave), 'минаваме на' (we go over to)
    (["saas_premium"], "Напускаме SaaS и минаваме на self-managed. На self-managed сървъра импортът дава грешка 500.",
     "self_managed"),
    # German separable verbs: 'zieht ... um', 'stellt ... um', 'steigt ... um'
    (["dedicated_ultimate"], "Der Kunde zieht von Dedicated in eine SaaS-Gruppe um. In der SaaS-Gruppe schlägt der "
     "Import mit Fehler 500 fehl.", "saas"),
    (["sm_premium"], "Wir stellen von Self-Managed auf Dedicated um. Auf Dedicated schlägt die SAML-Anmeldung mit Fehler "
     "500 fehl.", "dedicated"),
    # Norwegian, Swedish, Danish: 'gå over til', 'går över till'
    (["sm_premium"], "Vi går over fra self-managed til SaaS. På SaaS feiler importen med feil 500.", "saas"),
    (["sm_premium"], "Vi går över från self-managed till Dedicated. På Dedicated misslyckas SAML-inloggningen med fel "
     "500.", "dedicated"),
    # Estonian: 'lahkume' (we leave) and the elative ending after a hyphen ('SaaS-ist')
    (["saas_premium"], "Lahkume SaaS-ist ja paigaldame oma self-managed serveri. Self-managed serveris ebaõnnestub SAML "
     "sisselogimine veaga 500.", "self_managed"),
    # Hindi: 'बंद करके' (shutting down) ... 'ले जाएँगे' (will take to)
    (["sm_premium"], "हम self-managed सर्वर बंद करके सारा काम SaaS पर ले जाएँगे। SaaS पर import में 500 error आ रहा है।",
     "saas"),
]


@pytest.mark.parametrize("tags, text, target", MOVES)
def test_move_words_in_more_of_their_forms(rules, tags, text, target):
    a, _ = _rules_read(rules, tags, text)
    assert a.move.target == target, a.why


SELF_RUN = [
    # the customer's own installation as 'self-run' / 'self-hosted' in Nordic languages, Estonian, Finnish
    (["saas_premium"], "Etter nyttår tar teamet alt bort fra GitLab.com og flytter det til selvdrevne maskiner i "
     "kjelleren. Pålogging gir feil 500.", "self_managed"),  # Norwegian
    (["saas_premium"], "Afdelingen flytter sine projekter væk fra GitLab.com til en selvhostet løsning. Login giver "
     "fejl 500.", "self_managed"),  # Danish
    (["saas_premium"], "Vi flyttar från GitLab.com till en självhanterad GitLab. Inloggningen misslyckas med fel 500.",
     "self_managed"),  # Swedish
    (["saas_premium"], "Siirrymme GitLab.comista itse ylläpidettyyn GitLabiin. Kirjautuminen epäonnistuu virheellä 500.",
     "self_managed"),  # Finnish
]


@pytest.mark.parametrize("tags, text, target", SELF_RUN)
def test_the_customers_own_installation_called_self_run(rules, tags, text, target):
    a, _ = _rules_read(rules, tags, text)
    assert a.move.target == target, a.why


MAYBE = [
    # a move only talked about (maybe, considering, some day, nothing decided), in more languages: no destination
    (["sm_premium"], "Vi funderar på att kanske gå över till GitLab.com någon gång. Just nu misslyckas våra pipelines "
     "på vår self-managed server med fel 500."),  # Swedish
    (["sm_premium"], "Vi vurderer kanskje å gå over til GitLab.com på sikt. Nå feiler pipelinene på vår self-managed "
     "server med feil 500."),  # Norwegian
    (["sm_premium"], "Rozważamy, że być może kiedyś przeniesiemy się na GitLab.com. Teraz na naszym self-managed "
     "pipeline'y kończą się błędem 500."),  # Polish
    (["sm_premium"], "Возможно, когда-нибудь переедем на GitLab.com, но это не решено. Сейчас на нашем self-managed "
     "сервере пайплайны падают с ошибкой 500."),  # Russian
    (["sm_premium"], "Belki bir gün GitLab.com'a geçeceğiz, karar verilmedi. Şu an self-managed sunucumuzda "
     "pipeline'lar 500 hatası veriyor."),  # Turkish
]


@pytest.mark.parametrize("tags, text", MAYBE)
def test_a_move_only_talked_about_names_no_destination(rules, tags, text):
    a, out = _rules_read(rules, tags, text)
    assert a.move.target is None and out["outcome"] != "act", a.why


def test_the_customers_own_cloud_tenant_written_with_a_hyphen_is_no_dedicated_instance(rules):
    a, _ = _rules_read(rules, ["sm_premium"], "Unser GitLab zieht aus dem Firmenkeller auf VMs im Azure-Tenant "
                       "der Firma um, betreiben werden wir es weiter selbst. Das Backup bricht seither mit 500 ab.")
    assert "dedicated" not in {m.offering for ev in a.evs for m in ev.mentions}, a.why
