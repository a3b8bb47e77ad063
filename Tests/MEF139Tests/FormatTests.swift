import MEF139
import Testing

/// Expected verdicts were taken from Python `jsonschema.FormatChecker().conforms(...)` (jsonschema
/// 4.26, Python 3.11, rfc3339-validator 0.1.4), the oracle of the MEF vectors.
@Suite("format: ipv4, ipv6 and date-time as Python jsonschema checks them")
struct FormatTests {
    @Test(
        "ipv4",
        arguments: [
            ("192.0.2.1", true), ("0.0.0.0", true), ("255.255.255.255", true), ("300.1.1.1", false),
            ("01.2.3.4", false), ("1.2.3", false), ("1.2.3.4.5", false), ("1.2.3.4 ", false), (" 1.2.3.4", false),
            ("1..2.3", false), ("", false), ("1.2.3.4/24", false), ("\u{661}.2.3.4", false), ("1.2.3.0255", false),
            ("1.2.3.-1", false), ("a.b.c.d", false),
        ])
    func ipv4(text: String, valid: Bool) {
        #expect(StringFormat.ipv4.accepts(text) == valid)
    }

    @Test(
        "ipv6",
        arguments: [
            ("::", true), ("::1", true), ("2001:db8::", true), ("2001:0DB8:0066::", true), ("1:2:3:4:5:6:7:8", true),
            ("1:2:3:4:5:6:7:8:9", false), ("::ffff:192.0.2.1", true), ("1:2:3:4:5:6:192.0.2.1", true),
            ("1:2:3:4:5:6:7:192.0.2.1", false), ("fe80::1%eth0", false), ("fe80::1%", false), ("2001:db8::/32", false),
            ("12345::", false), ("1::2::3", false), (":1::", false), ("1:::", false), (":::", false),
            ("1:2:3:4:5:6:7::", true), ("::2:3:4:5:6:7:8", true), ("g::1", false), ("1:2", false),
            ("::ffff:300.1.1.1", false), ("::01.2.3.4", false), ("", false), ("1:2:3:4:5:6:7:8::", false),
            ("::1:2:3:4:5:6:7:8", false),
        ])
    func ipv6(text: String, valid: Bool) {
        #expect(StringFormat.ipv6.accepts(text) == valid)
    }

    @Test(
        "date-time",
        arguments: [
            ("2023-06-28T22:00:00.000Z", true), ("2023-06-28t22:00:00z", true), ("2023-06-28T22:00:00+05:30", true),
            ("2023-06-28T22:00:00-00:00", true), ("2024-02-29T00:00:00Z", true), ("2023-02-29T00:00:00Z", false),
            ("1900-02-29T00:00:00Z", false), ("2000-02-29T00:00:00Z", true), ("2023-04-31T00:00:00Z", false),
            ("2023-06-28T24:00:00Z", false), ("2023-06-28T23:59:60Z", false), ("2023-06-28T22:00:00", false),
            ("2023-06-28 22:00:00Z", false), ("2023-06-28T22:00:00.Z", false), ("0000-01-01T00:00:00Z", false),
            // Python's `$` matches before a final newline, so the oracle accepts this one.
            ("2023-06-28T22:00:00Z\n", true), ("2023-06-28T22:00:00Z ", false), ("2023-06-28T22:00:00+24:00", false),
            ("2023-13-01T00:00:00Z", false), ("2023-6-28T22:00:00Z", false), ("99999-01-01T00:00:00Z", false),
        ])
    func dateTime(text: String, valid: Bool) {
        #expect(StringFormat.dateTime.accepts(text) == valid)
    }
}
