//! Every template snapshot of the project reads back into the model and
//! renders to the very same bytes: the renderer writes what synth always
//! wrote, and the parser loses nothing.
use std::path::Path;

use cfnkit_template::{Format, Template};

#[test]
fn every_template_snapshot_round_trips_byte_for_byte() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../snapshots");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let format = if name.ends_with(".json.snap") {
            Format::Json
        } else if name.ends_with(".yaml.snap") {
            Format::Yaml
        } else {
            continue;
        };
        let snapshot = std::fs::read_to_string(&path).unwrap();
        // insta's front matter ends at the second `---` line.
        let body = snapshot.splitn(3, "---\n").nth(2).unwrap();
        let template = Template::parse(body).unwrap_or_else(|e| panic!("{name}: {e}"));
        let rendered = template.render(format);
        assert_eq!(rendered.trim_end(), body.trim_end(), "{name} renders differently");
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} template snapshots found");
}
