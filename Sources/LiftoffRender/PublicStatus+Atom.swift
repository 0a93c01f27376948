import Foundation
import LiftoffKit

/// The public page's history as an Atom feed (RFC 4287): one entry per published update, newest
/// first, so feed readers follow the launch window and its incidents (docs/status-page.md).
extension PublicStatus {
    public func atomFeed(pageURL: String, feedURL: String) -> String {
        struct Entry { var id: String; var title: String; var at: Date; var text: String; var anchor: String }
        var entries: [Entry] = maintenance.updates.map {
            Entry(id: "\(pageURL)#update-\($0.seq)", title: "\(maintenance.title): \($0.phase.label)", at: $0.at, text: $0.message, anchor: "maintenance")
        }
        for incident in incidents {
            entries += incident.updates.map {
                Entry(id: "\(pageURL)#update-\($0.seq)", title: "\(incident.title): \($0.phase.label)", at: $0.at, text: $0.message, anchor: "incident-\(incident.number)")
            }
        }
        entries.sort { $0.at > $1.at }
        func x(_ s: String) -> String { XMLText.escaped(s) }
        var out = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
          <id>\(x(pageURL))</id>
          <title>\(x(name)) status</title>
          <updated>\(CanonicalTime.string(updatedAt))</updated>
          <author><name>\(x(name))</name></author>
          <link rel="alternate" type="text/html" href="\(x(pageURL))"/>
          <link rel="self" type="application/atom+xml" href="\(x(feedURL))"/>

        """
        for e in entries {
            out += """
              <entry>
                <id>\(x(e.id))</id>
                <title>\(x(e.title))</title>
                <updated>\(CanonicalTime.string(e.at))</updated>
                <published>\(CanonicalTime.string(e.at))</published>
                <link rel="alternate" type="text/html" href="\(x(pageURL + "#" + e.anchor))"/>
                <content type="text">\(x(e.text))</content>
              </entry>

            """
        }
        return out + "</feed>\n"
    }
}
