import Foundation

/// The system resolver: the first `nameserver` of /etc/resolv.conf, port 53.
enum ResolvConf {
    static func firstNameserver(in text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if words.count >= 2, words[0] == "nameserver" {
                // Scoped IPv6 (fe80::1%eth0) cannot be used as written.
                return String(words[1].split(separator: "%").first ?? words[1])
            }
        }
        return nil
    }

    static func systemServer() -> String {
        let text = (try? String(contentsOfFile: "/etc/resolv.conf", encoding: .utf8)) ?? ""
        return firstNameserver(in: text) ?? "127.0.0.1"
    }
}
