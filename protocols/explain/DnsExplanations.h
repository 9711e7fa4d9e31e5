#pragma once

#include "ConversationExplainer.h"

namespace mf {

struct DnsEvent;

// A plain-language explanation of one DNS packet seen by MailFlow's DNS server or resolver: what was
// asked (which servers take mail for a domain, or a server's address) and what the answer means for
// the mail (try this MX first, no such domain: bounce, null MX: the domain takes no mail, ...).
Explanation explainDnsEvent(const DnsEvent &event, Language language);

} // namespace mf
