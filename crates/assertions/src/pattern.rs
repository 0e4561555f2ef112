//! [`pattern!`](crate::pattern): JSON with matchers in it.
//!
//! A token muncher in the manner of `serde_json::json!`: it walks the
//! tokens of an object or array one entry at a time, because an entry's
//! value is any expression and only the comma after it ends it.

/// Builds a [`Match`](crate::Match) from JSON syntax, with any expression
/// that converts into a `Match` as a value: a matcher
/// (`Match::absent()`), a `serde_json::Value`, a string, number or boolean,
/// a variable. `{ ... }` becomes [`Match::object`](crate::Match::object) and
/// `[ ... ]` [`Match::array`](crate::Match::array), so that they match as
/// literals do ([How literals match](crate::Match#how-literals-match)).
///
/// Keys are string literals, or any expression in parentheses that
/// converts into a `String`.
///
/// ```
/// use cfnkit_assertions::{pattern, Match};
/// use serde_json::json;
///
/// let runtime = "nodejs24.x";
/// let function = pattern!({
///     "Runtime": runtime,
///     "MemorySize": 256,
///     "Environment": { "Variables": { "MONGO_HOST": Match::any_value() } },
///     "Layers": Match::absent(),
///     "Architectures": ["arm64"],
/// });
/// assert!(function.matches(&json!({
///     "Runtime": "nodejs24.x",
///     "MemorySize": 256,
///     "Environment": { "Variables": { "MONGO_HOST": "10.0.0.1", "STAGE": "prod" } },
///     "Architectures": ["arm64"],
///     "Handler": "index.handler",
/// })));
/// ```
#[macro_export]
macro_rules! pattern {
    (null) => {
        $crate::Match::from($crate::__private::Json::Null)
    };
    ({}) => {
        $crate::Match::object(::std::vec::Vec::<(::std::string::String, $crate::Match)>::new())
    };
    ({ $($entries:tt)+ }) => {{
        let mut entries = $crate::__private::entries();
        $crate::pattern!(@object entries $($entries)+);
        $crate::Match::object(entries)
    }};
    ([]) => {
        $crate::Match::array(::std::vec::Vec::<$crate::Match>::new())
    };
    ([ $($items:tt)+ ]) => {{
        let mut items = $crate::__private::items();
        $crate::pattern!(@array items $($items)+);
        $crate::Match::array(items)
    }};

    // An object's entries: a key, then its value.
    (@object $entries:ident) => {};
    (@object $entries:ident $key:literal : $($rest:tt)+) => {
        $crate::pattern!(@value $entries [$key] $($rest)+);
    };
    (@object $entries:ident ($key:expr) : $($rest:tt)+) => {
        $crate::pattern!(@value $entries [$key] $($rest)+);
    };

    // An entry's value: nested JSON first, since an expression would
    // swallow `{ ... }` as a block and `[ ... ]` as an array.
    (@value $entries:ident [$key:expr] null $(, $($rest:tt)*)?) => {
        $entries.push((::std::string::String::from($key), $crate::pattern!(null)));
        $crate::pattern!(@object $entries $($($rest)*)?);
    };
    (@value $entries:ident [$key:expr] { $($object:tt)* } $(, $($rest:tt)*)?) => {
        $entries.push((::std::string::String::from($key), $crate::pattern!({ $($object)* })));
        $crate::pattern!(@object $entries $($($rest)*)?);
    };
    (@value $entries:ident [$key:expr] [ $($array:tt)* ] $(, $($rest:tt)*)?) => {
        $entries.push((::std::string::String::from($key), $crate::pattern!([ $($array)* ])));
        $crate::pattern!(@object $entries $($($rest)*)?);
    };
    (@value $entries:ident [$key:expr] $value:expr $(, $($rest:tt)*)?) => {
        $entries.push((::std::string::String::from($key), $crate::Match::from($value)));
        $crate::pattern!(@object $entries $($($rest)*)?);
    };

    // An array's items.
    (@array $items:ident) => {};
    (@array $items:ident null $(, $($rest:tt)*)?) => {
        $items.push($crate::pattern!(null));
        $crate::pattern!(@array $items $($($rest)*)?);
    };
    (@array $items:ident { $($object:tt)* } $(, $($rest:tt)*)?) => {
        $items.push($crate::pattern!({ $($object)* }));
        $crate::pattern!(@array $items $($($rest)*)?);
    };
    (@array $items:ident [ $($array:tt)* ] $(, $($rest:tt)*)?) => {
        $items.push($crate::pattern!([ $($array)* ]));
        $crate::pattern!(@array $items $($($rest)*)?);
    };
    (@array $items:ident $item:expr $(, $($rest:tt)*)?) => {
        $items.push($crate::Match::from($item));
        $crate::pattern!(@array $items $($($rest)*)?);
    };

    // Anything else: a matcher, JSON, a scalar, a variable.
    ($other:expr) => {
        $crate::Match::from($other)
    };
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::Match;

    #[test]
    fn literals_nest_and_matchers_sit_anywhere() {
        let bucket = "Files";
        let pattern = pattern!({
            "Name": bucket,
            (format!("{bucket}Arn")): { "Fn::GetAtt": [bucket, "Arn"] },
            "Gone": Match::absent(),
            "Nothing": null,
            "Items": [1, null, { "A": true }, [], {}, Match::any_value()],
            "Empty": {},
        });
        let matching = json!({
            "Name": "Files",
            "FilesArn": { "Fn::GetAtt": ["Files", "Arn"] },
            "Nothing": null,
            "Items": [1, null, { "A": true, "B": 0 }, [], { "C": 1 }, "x"],
            "Empty": { "D": 1 },
            "Other": 2,
        });
        assert!(pattern.matches(&matching), "{:?}", pattern.mismatches(&matching));
        assert_eq!(
            pattern.to_string(),
            r#"{"Name": "Files", "FilesArn": {"Fn::GetAtt": ["Files", "Arn"]}, "Gone": absent(), "Nothing": null, "Items": [1, null, {"A": true}, [], {}, any_value()], "Empty": {}}"#
        );
    }

    #[test]
    fn a_pattern_equals_the_match_its_json_converts_into() {
        let value = json!({ "A": [1, "two", { "B": null }], "C": 1.5 });
        let from_macro = pattern!({ "A": [1, "two", { "B": null }], "C": 1.5 });
        assert_eq!(from_macro.to_string(), Match::from(value.clone()).to_string());
        assert!(from_macro.matches(&value));
        assert!(pattern!(null).matches(&json!(null)));
        assert!(pattern!([]).matches(&json!([])));
        assert!(!pattern!([]).matches(&json!([1])));
        assert!(pattern!(Match::any_value()).matches(&json!(1)));
        assert!(pattern!(value.clone()).matches(&value));
    }
}
