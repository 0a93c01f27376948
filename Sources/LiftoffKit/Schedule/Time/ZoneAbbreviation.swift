import Foundation

/// Short zone names as people write them ("CET", "CEST", "EST"). Foundation on Linux answers
/// `abbreviation(for:)` with "GMT+1"; ICU knows the common names per region, so ask it in a
/// US and then a British locale before falling back to the offset form.
package enum ZoneAbbreviation {
    package static func short(_ zone: TimeZone, at date: Date) -> String {
        // Foundation turns "UTC" into "GMT"; a launch planned in UTC should say so.
        if ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Etc/Universal", "Universal", "Zulu"].contains(zone.identifier) { return "UTC" }
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
