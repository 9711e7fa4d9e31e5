#pragma once

// The zones every DNS test serves.
#include "dns/DnsAuthority.h"

namespace mf::test {

inline DnsAuthority testAuthority()
{
    DnsAuthority authority;

    DnsZone a("a.example");
    a.addMx("a.example", 10, "mx1.a.example");
    a.addMx("a.example", 20, "mx2.a.example");
    a.add(DnsRecord::ns("a.example", "ns.a.example"));
    a.addAddress("ns.a.example", QHostAddress("127.0.0.53"));
    a.addAddress("mx1.a.example", QHostAddress("127.0.1.1"));
    a.addAddress("mx2.a.example", QHostAddress("127.0.1.2"));
    a.addAddress("mx2.a.example", QHostAddress("::1"));
    a.addAddress("x.y.a.example", QHostAddress("127.0.1.9")); // y.a.example: an empty non-terminal
    a.addCname("alias.a.example", "mx1.a.example");
    a.addCname("shop.a.example", "b.example");
    authority.addZone(a);

    DnsZone b("b.example");
    b.addMx("b.example", 10, "mx.b.example");
    b.addAddress("mx.b.example", QHostAddress("127.0.2.1"));
    authority.addZone(b);

    DnsZone equal("equal.example");
    equal.addMx("equal.example", 10, "mxa.equal.example");
    equal.addMx("equal.example", 10, "mxb.equal.example");
    equal.addMx("equal.example", 20, "mxc.equal.example");
    equal.addAddress("mxa.equal.example", QHostAddress("127.0.3.1"));
    equal.addAddress("mxb.equal.example", QHostAddress("127.0.3.2"));
    equal.addAddress("mxc.equal.example", QHostAddress("127.0.3.3"));
    authority.addZone(equal);

    DnsZone implicit("implicit.example");
    implicit.addAddress("implicit.example", QHostAddress("127.0.4.1"));
    authority.addZone(implicit);

    DnsZone bare("bare.example"); // exists (SOA) but has neither MX nor addresses
    authority.addZone(bare);

    DnsZone nullMx("nullmx.example");
    nullMx.addNullMx("nullmx.example");
    authority.addZone(nullMx);

    DnsZone broken("broken.example");
    broken.addMx("broken.example", 10, "mx.broken.example");
    broken.setServerFailure(true);
    authority.addZone(broken);

    DnsZone ghost("ghost.example"); // MX targets without addresses
    ghost.addMx("ghost.example", 10, "nothing.ghost.example");
    authority.addZone(ghost);

    DnsZone big("big.example");
    for (int i = 1; i <= 40; ++i)
        big.addAddress("many.big.example", QHostAddress(QStringLiteral("127.0.5.%1").arg(i)));
    authority.addZone(big);

    return authority;
}

} // namespace mf::test
