import Foundation

/// Short zone names as people write them ("CET", "CEST", "EST"). Foundation on Linux answers
/// `abbreviation(for:)` with "GMT+1"; ICU knows the common names per region, so ask it in a
/// US and then a British locale before falling back to the offset form.
enum ZoneAbbreviation {
    static func short(_ zone: TimeZone, at date: Date) -> String {
        if zone.identifier.uppercased().hasSuffix("UTC") || zone.identifier == "Etc/Universal" { return "UTC" }
        for locale in ["en_US", "en_GB"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: locale)
            formatter.timeZone = zone
            formatter.dateFormat = "zzz"
            let name = formatter.string(from: date)
            if !name.isEmpty, !name.hasPrefix("GMT") || zone.secondsFromGMT(for: date) == 0 { return name }
        }
        return zone.abbreviation(for: date) ?? "UTC"
    }
}
