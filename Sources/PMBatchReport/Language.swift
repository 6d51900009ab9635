/// The language a report is written in (`--lang`).
public enum Language: String, CaseIterable, Sendable, Hashable {
    /// English.
    case en
    /// Simplified Chinese, with the source article's terms (客户感知时效, 三级状态锁, …).
    case zh
}
