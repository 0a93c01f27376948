import Foundation
@testable import LiftoffKit
import LiftoffKitFixtures
import Testing

/// The war room's "People": who to call for a role, read from the runbook's own tables.
@Suite struct ContactsReaderTests {
    @Test func theAcmeEmergencyContactsTableIsRead() throws {
        let contacts = ContactsReader.read(Fixtures.annotatedExample("acme-blue-green"))
        #expect(contacts.count == 4)
        let dana = try #require(contacts.first)
        #expect(dana.role == "Release Manager" && dana.name == "Dana Chen")
        #expect(dana.phone == "+1-555-0142" && dana.dialable == "+15550142")
        #expect(dana.chat == "@dana.chen")
        #expect(dana.table == "Emergency Contacts")
        let rota = contacts[2]
        #expect(rota.name == "(rotation)" && rota.phone == "PagerDuty")
        #expect(rota.dialable == nil, "a word is not a number to dial")
    }

    @Test func aTableWithoutAWayToReachSomeoneIsNotContacts() {
        let raci = """
        ## Support Escalation Procedures

        | Issue Type | First Contact | Escalation |
        |------------|--------------|------------|
        | User-facing errors | Customer support | On-call engineer |

        ## RACI

        | Task | Owner | Approver |
        |---|---|---|
        | Deploy | SRE | CTO |
        """
        #expect(ContactsReader.read(raci).isEmpty)
    }

    @Test func headersAreReadInAnyCaseAndOrderWithChatLinksAndEmail() throws {
        let source = """
        # Go-live

        ### On-call

        | Slack | E-mail | Phone number | Name | Role |
        |---|---|---|---|---|
        | [@kim](https://acme.slack.com/team/U1) | kim@acme.example | (555) 010-2030 | Kim Park | **Incident Commander** |
        | #sre | | xxx-xxx-xxxx | | SRE |
        |  |  |  |  |  |
        """
        let contacts = ContactsReader.read(source)
        #expect(contacts.count == 2, "the empty row is nobody")
        let kim = try #require(contacts.first)
        #expect(kim.role == "Incident Commander" && kim.name == "Kim Park")
        #expect(kim.chat == "@kim" && kim.chatLink == "https://acme.slack.com/team/U1")
        #expect(kim.email == "kim@acme.example")
        #expect(kim.dialable == "5550102030")
        #expect(kim.table == "On-call")
        #expect(contacts[1].dialable == nil, "a placeholder number is not dialled")
        #expect(contacts[1].chatLink == nil)
    }

    @Test func theFeatureLaunchContactsBlockIsReadByGroupAndLevel() throws {
        let contacts = ContactsReader.read(Fixtures.annotatedExample("feature-launch"))
        #expect(contacts.count == 9)
        let first = try #require(contacts.first)
        #expect(first.table == "Technical Emergencies" && first.level == "Primary" && first.role == "Engineering Lead")
        #expect(first.chat == "@eng-lead" && first.phone == "xxx-xxx-xxxx" && first.dialable == nil)
        #expect(contacts[1].phone == "PagerDuty" && contacts[1].role == "On-Call Engineer")
        #expect(contacts[3].table == "Business Emergencies" && contacts[3].role == "Product Owner")
        #expect(first.serves("Engineering Lead"))
    }

    @Test func aPipedBlockOutsideAContactsSectionIsNotContacts() {
        #expect(ContactsReader.read("## Commands\n\n```\nPrimary: deploy | --fast | 10\n```\n").isEmpty)
    }

    @Test func aChatCellLinkMustBeHTTP() throws {
        let contacts = ContactsReader.read("| Role | Chat |\n|---|---|\n| Lead | [@x](javascript:alert(1)) |\n")
        #expect(try #require(contacts.first).chatLink == nil)
    }

    @Test func aContactServesAnOwnerByRoleOrName() {
        let dana = Contact(role: "Release Manager", name: "Dana Chen", phone: "+1 555 0142")
        #expect(dana.serves("Release Manager"))
        #expect(dana.serves("release  manager"))
        #expect(dana.serves("Dana Chen"))
        #expect(dana.serves("SRE + Release Manager"))
        #expect(!dana.serves("Platform Lead"))
    }

    @Test func theLaunchPlanCarriesTheContacts() throws {
        let source = "# R\n\n## T-0: Deploy\n\n- [ ] Deploy (owner: Platform Lead)\n\n## Contacts\n\n| Role | Name | Phone |\n|---|---|---|\n| Platform Lead | Marcus | +47 22 00 00 00 |\n"
        let plan = LaunchPlan(LaunchCreated(name: "x", runbookFile: "r.md", runbookSource: source, t0: Date(timeIntervalSince1970: 0),
                                            timeZone: "UTC", mode: .rehearsal, variables: nil))
        #expect(plan.contacts.map(\.name) == ["Marcus"])
        #expect(plan.contacts.first?.dialable == "+4722000000")
    }
}
