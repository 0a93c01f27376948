import Foundation
import LiftoffKit
import LiftoffRender

extension WarRoomPage {
    /// Who to call and who is here: the runbook's contacts and escalation tables with
    /// tap-to-call and chat links, and the people with the war room open now (docs/war-room.md, "What the war room shows": People).
    func people() -> HTML {
        var content: [HTML] = []
        let names = Array(Set(watching)).sorted()
        content.append(.element("p", [.id("watching"), .class("watching")], [
            .element("strong", [], [.text("Watching now (\(names.count)): ")]),
            .text(names.isEmpty ? "nobody with a live page" : names.joined(separator: ", ")),
        ]))
        let contacts = state.plan.contacts
        if contacts.isEmpty {
            content.append(.element("p", [.class("empty")], [.text("The runbook has no contacts table (Role, Name, Phone, Slack).")]))
        } else {
            var tables: [(String?, [Contact])] = []
            for contact in contacts {
                if let last = tables.indices.last, tables[last].0 == contact.table { tables[last].1.append(contact) } else { tables.append((contact.table, [contact])) }
            }
            for (title, people) in tables {
                if let title { content.append(.element("h3", [], [.text(title)])) }
                content.append(.element("ul", [.class("contacts")], people.map { contact in
                    .element("li", [.class("contact")], [
                        .element("span", [.class("contact-who")], [.text([contact.level, contact.role, contact.name].compactMap { $0 }.joined(separator: " · "))]),
                        reachLinks(contact),
                    ])
                }))
            }
        }
        return panel("people", "People", content)
    }

    /// The contacts who answer for `owner`, as links beside the owner's name.
    func contactLinks(_ owner: String) -> HTML {
        let matches = state.plan.contacts.filter { $0.serves(owner) }
        guard !matches.isEmpty else { return .empty }
        return .element("p", [.class("owner-contacts")], matches.map { contact in
            .element("span", [.class("contact")], [
                .text(contact.name.map { $0 + " " } ?? ""),
                reachLinks(contact),
            ])
        })
    }

    /// Call, chat, mail: links where the runbook gives something to link to, text otherwise.
    func reachLinks(_ contact: Contact) -> HTML {
        let who = contact.name ?? contact.role ?? "contact"
        var parts: [HTML] = []
        if let phone = contact.phone {
            if let dial = contact.dialable {
                // Built from digits and a leading + only, so nothing else can reach the href.
                parts.append(.element("a", [.class("call"), .attr("href", "tel:" + dial), .aria("label", "Call \(who) at \(phone)")], [.text(phone)]))
            } else {
                parts.append(.element("span", [.class("phone")], [.text(phone)]))
            }
        }
        if let chat = contact.chat {
            if let link = contact.chatLink {
                parts.append(.element("a", [.class("chat"), .href(link), .attr("rel", "noopener noreferrer"), .aria("label", "Chat with \(who): \(chat)")], [.text(chat)]))
            } else {
                parts.append(.element("code", [.class("chat")], [.text(chat)]))
            }
        }
        if let email = contact.email, email.contains("@"), !email.contains(where: { $0.isWhitespace || $0 == "?" || $0 == "&" }) {
            parts.append(.element("a", [.class("mail"), .href("mailto:" + email), .aria("label", "Email \(who)")], [.text(email)]))
        }
        guard !parts.isEmpty else { return .empty }
        var joined: [HTML] = []
        for (i, p) in parts.enumerated() {
            if i > 0 { joined.append(.text(" · ")) }
            joined.append(p)
        }
        return .element("span", [.class("reach")], joined)
    }
}
