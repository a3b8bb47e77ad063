import JSONCore
import MEF139
import Testing

/// Each draft-07 keyword on a small schema, with the locations Python `jsonschema` reports.
@Suite("schema keywords")
struct KeywordTests {
    private func pointers(_ property: String, _ value: String) throws -> [String] {
        try SchemaFixture.issues(property: property, value: value).map(\.pointer)
    }

    private func messages(_ property: String, _ value: String) throws -> [String] {
        try SchemaFixture.issues(property: property, value: value).map(\.message)
    }

    @Test func typeIncludingIntegralDoublesAndTypeLists() throws {
        #expect(try pointers(#"{"type": "integer"}"#, "3") == [])
        #expect(try pointers(#"{"type": "integer"}"#, "3.0") == [])
        #expect(try pointers(#"{"type": "integer"}"#, "3.5") == ["/v"])
        #expect(try pointers(#"{"type": "integer"}"#, "true") == ["/v"])
        #expect(try pointers(#"{"type": "number"}"#, "false") == ["/v"])
        #expect(try pointers(#"{"type": "integer"}"#, #""3""#) == ["/v"])
        #expect(try pointers(#"{"type": ["string", "null"]}"#, "null") == [])
        #expect(try messages(#"{"type": ["string", "null"]}"#, "1") == ["v must be a string or null, got the number 1"])
        #expect(
            try messages(#"{"type": "array", "maxItems": 1}"#, "{}") == [
                "v must be a list of at most 1 item, got an object"
            ])
    }

    @Test func aWrongTypeHidesItsConsequencesAtTheSamePlace() throws {
        let issues = try SchemaFixture.issues(property: #"{"type": "string", "enum": ["A"]}"#, value: "7")
        #expect(issues.map(\.kind) == [.type])
    }

    @Test func requiredIsReportedAtTheObjectMissingTheMember() throws {
        let schema = #"{"required": ["top"], "properties": {"a": {"type": "object", "required": ["b", "c"]}}}"#
        let issues = try SchemaFixture.issues(root: schema, configuration: #"{"a": {}}"#)
        #expect(issues.map(\.pointer) == ["", "/a", "/a"])
        #expect(issues.map(\.kind) == [.required, .required, .required])
        #expect(
            issues.map(\.message) == [
                "top is required but missing", "a.b is required but missing", "a.c is required but missing",
            ])
    }

    @Test func issuesComeInDocumentOrder() throws {
        let schema = #"{"properties": {"b": {"type": "integer"}, "a": {"type": "integer"}}}"#
        let issues = try SchemaFixture.issues(root: schema, configuration: #"{"a": "x", "b": "y"}"#)
        #expect(issues.map(\.pointer) == ["/a", "/b"])
    }

    @Test func enumAndConstUseJSONEquality() throws {
        #expect(try messages(#"{"enum": ["A", "B"]}"#, #""C""#) == ["v must be one of 'A' or 'B', got 'C'"])
        #expect(try pointers(#"{"enum": [1]}"#, "1.0") == [])
        #expect(try pointers(#"{"enum": [1]}"#, "true") == ["/v"])
        #expect(try pointers(#"{"enum": [{"a": 1, "b": 2}]}"#, #"{"b": 2, "a": 1}"#) == [])
        #expect(try pointers(#"{"const": "x"}"#, #""y""#) == ["/v"])
        #expect(try pointers(#"{"const": [1, 2]}"#, "[1, 2.0]") == [])
    }

    @Test func referencesAcrossFilesDefinitionsAndRecursion() throws {
        let validator = try SchemaFixture.validator([
            "products/root.json": #"""
            {"$id": "\#(SchemaFixture.urn)", "properties": {
              "v": {"$ref": "../common/defs.yaml#/definitions/Small"},
              "tree": {"$ref": "../common/defs.yaml#/definitions/Node"},
              "sibling": {"$ref": "#/definitions/Int", "type": "string"}},
             "definitions": {"Int": {"type": "integer"}}}
            """#,
            "common/defs.yaml": """
            definitions:
              Small:
                $ref: '#/definitions/Int'
              Int:
                type: integer
                maximum: 10
              Node:
                type: object
                properties:
                  child:
                    $ref: '#/definitions/Node'
                  n:
                    type: integer
            """,
        ])
        let issues = validator.validate(
            try SchemaFixture.typed(#"{"v": 11, "tree": {"child": {"child": {"n": "x"}}}, "sibling": 5}"#))
        #expect(issues.map(\.pointer) == ["/v", "/tree/child/child/n"])
        #expect(issues.first?.message == "v must be at most 10, got 11")
        // draft-07 (as jsonschema implements it): `$ref` makes its siblings inert.
        #expect(validator.validate(try SchemaFixture.typed(#"{"sibling": "x"}"#)).map(\.pointer) == ["/sibling"])
    }

    @Test func allOfReportsNestedFailuresWhereTheyAre() throws {
        let schema = #"{"allOf": [{"properties": {"a": {"type": "integer"}}}, {"required": ["b"]}]}"#
        #expect(try pointers(schema, #"{"a": "x"}"#) == ["/v", "/v/a"])
    }

    @Test func oneOfReportsOnceAtTheValue() throws {
        let exclusive = #"{"oneOf": [{"required": ["a"]}, {"required": ["b"]}]}"#
        #expect(try messages(exclusive, "{}") == ["v must have exactly one of a or b, has none"])
        #expect(try messages(exclusive, #"{"a": 1, "b": 2}"#) == ["v must have exactly one of a or b, has a and b"])
        #expect(try pointers(exclusive, #"{"a": 1}"#) == [])
        // A failure nested in a branch is not reported where it is, only as the oneOf failure.
        let nested = #"{"oneOf": [{"properties": {"a": {"type": "integer"}}, "required": ["a"]}, {"required": ["b"]}]}"#
        let issues = try SchemaFixture.issues(property: nested, value: #"{"a": "x"}"#)
        #expect(issues.map(\.pointer) == ["/v"])
        #expect(issues.first?.kind == .oneOf)
        #expect(issues.first?.message.contains("closest: v.a must be an integer") == true)
        let formats = #"{"type": "string", "oneOf": [{"format": "ipv4"}, {"format": "ipv6"}]}"#
        #expect(try messages(formats, #""300.1.1.1""#) == ["v '300.1.1.1' is not an IPv4 or IPv6 address"])
        #expect(try pointers(formats, #""2001:db8::1""#) == [])
    }

    @Test func anyOfAndNot() throws {
        let anyOf = #"{"anyOf": [{"type": "integer"}, {"type": "string", "maxLength": 2}]}"#
        #expect(try pointers(anyOf, #""abc""#) == ["/v"])
        #expect(try pointers(anyOf, "5") == [])
        #expect(try pointers(#"{"not": {"type": "string"}}"#, #""x""#) == ["/v"])
        #expect(try pointers(#"{"not": {"type": "string"}}"#, "1") == [])
    }

    @Test func itemsAsSchemaAndAsTuple() throws {
        #expect(try pointers(#"{"items": {"type": "integer"}}"#, #"[1, "x", 2.0]"#) == ["/v/1"])
        let closed = #"{"items": [{"type": "integer"}, {"type": "string"}], "additionalItems": false}"#
        #expect(try pointers(closed, #"[1, "a", 3]"#) == ["/v"])
        let typed = #"{"items": [{"type": "integer"}, {"type": "string"}], "additionalItems": {"type": "boolean"}}"#
        #expect(try pointers(typed, #"[1, "a", 3]"#) == ["/v/2"])
        #expect(try pointers(#"{"items": [{"type": "integer"}]}"#, #"[1, "a", 3]"#) == [])
        #expect(try pointers(#"{"contains": {"type": "string"}}"#, "[1, 2]") == ["/v"])
        #expect(try pointers(#"{"contains": {"type": "string"}}"#, #"[1, "a"]"#) == [])
    }

    @Test func listSizesAndUniqueness() throws {
        #expect(try messages(#"{"minItems": 1}"#, "[]") == ["v must have at least 1 item, got an empty list"])
        #expect(try messages(#"{"maxItems": 1}"#, "[1, 2]") == ["v must be a list of at most 1 item, got 2 items"])
        #expect(try pointers(#"{"maxItems": 1}"#, #""not a list""#) == [])
        #expect(try pointers(#"{"uniqueItems": true}"#, "[1, 1.0]") == ["/v"])
        #expect(try pointers(#"{"uniqueItems": true}"#, #"[{"a": 1}, {"a": 1}]"#) == ["/v"])
        #expect(try pointers(#"{"uniqueItems": true}"#, "[1, true]") == [])
    }

    @Test func numericBounds() throws {
        #expect(try messages(#"{"minimum": 576}"#, "500") == ["v must be at least 576, got 500"])
        #expect(try pointers(#"{"minimum": 576}"#, "576") == [])
        #expect(try pointers(#"{"exclusiveMinimum": 0}"#, "0") == ["/v"])
        #expect(try pointers(#"{"maximum": 4294967295}"#, "4294967296") == ["/v"])
        #expect(try pointers(#"{"maximum": 72057594037927935}"#, "72057594037927936") == ["/v"])
        #expect(try pointers(#"{"exclusiveMaximum": 10}"#, "9.999") == [])
        #expect(try pointers(#"{"maximum": 10}"#, #""99""#) == [])
        #expect(try pointers(#"{"multipleOf": 5}"#, "10") == [])
        #expect(try pointers(#"{"multipleOf": 5}"#, "7") == ["/v"])
        #expect(try pointers(#"{"multipleOf": 0.5}"#, "1.5") == [])
    }

    @Test func stringLengthsCountCharacters() throws {
        let fiftyThree = String(repeating: "é", count: 53)
        #expect(try pointers(#"{"maxLength": 53}"#, "\"\(fiftyThree)\"") == [])
        #expect(try pointers(#"{"maxLength": 53}"#, "\"\(fiftyThree)é\"") == ["/v"])
        #expect(try pointers(#"{"maxLength": 53}"#, "\"\(String(repeating: "😀", count: 53))\"") == [])
        #expect(try messages(#"{"maxLength": 3}"#, #""abcd""#) == ["v must be at most 3 characters long, got 4"])
        #expect(try pointers(#"{"minLength": 1}"#, #""""#) == ["/v"])
    }

    @Test func patternAndFormat() throws {
        #expect(try pointers(#"{"pattern": "[ -\u007f]+"}"#, #""ééé""#) == ["/v"])
        #expect(try pointers(#"{"pattern": "^[A-Z]{2}$"}"#, #""GB""#) == [])
        #expect(try messages(#"{"format": "ipv4"}"#, #""300.1.1.1""#) == ["v '300.1.1.1' is not an IPv4 address"])
        #expect(try pointers(#"{"format": "ipv4"}"#, "7") == [])
        #expect(try pointers(#"{"format": "date-time"}"#, #""2023-06-28T22:00:00Z""#) == [])
        #expect(try pointers(#"{"format": "email"}"#, #""not an email""#) == [])
    }

    @Test func memberKeywords() throws {
        #expect(
            try pointers(#"{"properties": {"a": {}}, "additionalProperties": false}"#, #"{"a": 1, "b": 2}"#) == ["/v"])
        #expect(try pointers(#"{"additionalProperties": {"type": "integer"}}"#, #"{"a": "x"}"#) == ["/v/a"])
        #expect(
            try pointers(#"{"patternProperties": {"^x-": {"type": "string"}}}"#, #"{"x-a": 1, "y": 1}"#) == ["/v/x-a"])
        #expect(try pointers(#"{"propertyNames": {"maxLength": 3}}"#, #"{"abcd": 1}"#) == ["/v"])
        #expect(try pointers(#"{"maxProperties": 1}"#, #"{"a": 1, "b": 2}"#) == ["/v"])
        #expect(try pointers(#"{"minProperties": 1}"#, "{}") == ["/v"])
        #expect(try pointers(#"{"dependencies": {"a": ["b"]}}"#, #"{"a": 1}"#) == ["/v"])
        #expect(
            try pointers(#"{"dependencies": {"a": {"properties": {"b": {"type": "string"}}}}}"#, #"{"a": 1, "b": 2}"#)
                == ["/v/b"])
    }

    @Test func conditionalAndBooleanSchemas() throws {
        let conditional =
            #"{"if": {"properties": {"k": {"const": "s"}}}, "then": {"required": ["x"]}, "else": {"required": ["y"]}}"#
        #expect(try messages(conditional, #"{"k": "s"}"#) == ["v.x is required but missing"])
        #expect(try messages(conditional, #"{"k": "t"}"#) == ["v.y is required but missing"])
        #expect(try pointers("true", "1") == [])
        // jsonschema's quirk: a literal `false` subschema fails at the parent's location...
        #expect(try pointers("false", "1") == [""])
        #expect(try pointers(#"{"items": false}"#, "[1, 2]") == ["/v", "/v"])
        // ...but where a `$ref` leads to `false`, at the value itself.
        let referenced = ##"{"properties": {"v": {"$ref": "#/definitions/F"}}, "definitions": {"F": false}}"##
        #expect(try SchemaFixture.issues(root: referenced, configuration: #"{"v": 1}"#).map(\.pointer) == ["/v"])
    }

    @Test func unknownKeywordsAreListedNotChecked() throws {
        let validator = try SchemaFixture.validator(root: #"{"x-vendor": 1, "discriminator": {}, "title": "t"}"#)
        #expect(validator.unknownKeywords == ["x-vendor", "discriminator"])
    }

    @Test(
        "broken schemas are rejected when loading",
        arguments: [
            #"{"minItems": "1"}"#, #"{"type": "text"}"#, #"{"$ref": "missing.yaml"}"#,
            ##"{"$ref": "#/definitions/Nope"}"##,
        ])
    func brokenSchemas(schema: String) {
        #expect(throws: SchemaError.self) { try SchemaFixture.validator(root: schema) }
    }

    @Test func aDirectoryWithoutSchemasIsAnError() {
        #expect(throws: SchemaError.self) { try SchemaFixture.validator(["notes.json": "{}"]) }
    }
}
