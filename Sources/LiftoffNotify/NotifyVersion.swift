/// The version Liftoff names in the `User-Agent` of its notification requests.
public enum NotifyVersion {
    public static let current = "0.1.0"
}
