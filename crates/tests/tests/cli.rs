//! The command-line entry point: formats, files, strictness, errors.
use cfnkit::cli::run_with;
use cfnkit_tests::names::*;

fn stack(warn: bool) -> Result<Stack, Error> {
    let mut stack = Stack::new("Cli");
    stack.add(&stack.root(), "Queue", RawResource::new("AWS::SNS::Topic"))?;
    if warn {
        stack.warn("Queue", "something to look at");
    }
    Ok(stack)
}

fn run(args: &[&str], warn: bool) -> (u8, String, String) {
    run_built(args, || stack(warn))
}

/// Runs the CLI on what `build` builds; returns the exit code, stdout and
/// stderr.
fn run_built<S: Into<App>>(args: &[&str], build: impl FnOnce() -> Result<S, Error>) -> (u8, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let argv = std::iter::once("prog").chain(args.iter().copied());
    let code = run_with(argv, build, &mut out, &mut err);
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

#[test]
fn prints_json_by_default() {
    let (code, out, err) = run(&[], false);
    assert_eq!(code, 0, "{err}");
    let parsed: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(parsed["Resources"]["Queue"]["Type"], "AWS::SNS::Topic");
    assert!(err.is_empty());
}

#[test]
fn prints_yaml_on_request() {
    let (code, out, _) = run(&["--format", "yaml"], false);
    assert_eq!(code, 0);
    assert!(out.contains("Resources:\n  Queue:\n    Type: AWS::SNS::Topic\n"), "{out}");
}

#[test]
fn writes_to_a_file_with_output() {
    let path = std::env::temp_dir().join(format!("cfnkit-cli-{}.json", std::process::id()));
    let (code, out, _) = run(&["--output", path.to_str().unwrap()], false);
    assert_eq!(code, 0);
    assert!(out.is_empty());
    let written = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_file(&path).unwrap();
    assert!(written.contains("AWS::SNS::Topic"));
}

#[test]
fn warnings_go_to_stderr_and_fail_only_with_strict() {
    let (code, out, err) = run(&[], true);
    assert_eq!(code, 0);
    assert!(!out.is_empty());
    assert!(err.contains("warning: Queue: something to look at"), "{err}");

    let (code, out, err) = run(&["--strict"], true);
    assert_eq!(code, 1);
    assert!(out.is_empty(), "no template is printed when --strict fails");
    assert!(err.contains("--strict"), "{err}");
}

#[test]
fn build_errors_go_to_stderr_with_a_non_zero_exit() {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = run_with(
        ["prog"],
        || Err::<Stack, _>(Error::from(CoreError::new("Vpc/Subnet", CoreErrorKind::DuplicateId))),
        &mut out,
        &mut err,
    );
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(String::from_utf8(err).unwrap().starts_with("error: Vpc/Subnet:"));
}

#[test]
fn synth_errors_go_to_stderr_with_a_non_zero_exit() {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = run_with(["prog"], || Ok::<_, Error>(Stack::new("bad_name")), &mut out, &mut err);
    assert_eq!(code, 1);
    assert!(String::from_utf8(err).unwrap().contains("stack names must start with a letter"));
}

#[test]
fn help_exits_zero_and_bad_flags_exit_two() {
    let (code, out, _) = run(&["--help"], false);
    assert_eq!(code, 0);
    assert!(out.contains("--format") && out.contains("--strict") && out.contains("--output"));
    let (code, _, err) = run(&["--format", "xml"], false);
    assert_eq!(code, 2);
    assert!(err.contains("xml"));
}

#[test]
fn apps_with_several_stacks_need_a_stack_choice() {
    let build = || {
        let mut app = cfnkit_tests::names::App::new();
        app.add_stack(stack(false)?)?;
        app.add_stack(Stack::new("Other"))?;
        Ok::<_, Error>(app)
    };
    let mut out = Vec::new();
    let mut err = Vec::new();
    assert_eq!(run_with(["prog"], build, &mut out, &mut err), 1);
    assert!(String::from_utf8(err).unwrap().contains("--stack"));
    let mut out = Vec::new();
    let mut err = Vec::new();
    assert_eq!(run_with(["prog", "--stack", "Other"], build, &mut out, &mut err), 0);
    assert!(String::from_utf8(out).unwrap().contains("2010-09-09"));
}

fn network_stack() -> Result<Stack, Error> {
    let mut stack = Stack::new("Net");
    let vpc = Vpc::builder().max_azs(1).nat_gateways(1).build(&mut stack, "Vpc")?;
    VpcFunction::builder(&vpc)
        .runtime(Runtime::Nodejs24x)
        .handler("index.handler")
        .code(Code::inline("exports.handler = async () => ({});"))
        .build(&mut stack, "Fn")?;
    Ok(stack)
}

fn run_network(args: &[&str]) -> (u8, String, String) {
    run_built(args, network_stack)
}

#[test]
fn the_network_subcommand_prints_the_report_or_a_diagram() {
    let (code, out, err) = run_network(&["network"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Internet egress, from each subnet an endpoint may use:"), "{out}");
    assert!(
        out.contains(
            "Fn/Resource  Vpc/PrivateSubnet1/Subnet (AZ #0)  all traffic  NAT Vpc/PublicSubnet1/NATGateway (AZ #0)"
        ),
        "{out}"
    );

    let (code, out, _) = run_network(&["network", "--diagram", "dot"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("digraph network {") && out.trim_end().ends_with('}'), "{out}");
    let (code, out, _) = run_network(&["network", "--diagram", "mermaid"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("flowchart LR"), "{out}");

    let (code, _, err) = run_network(&["network", "--diagram", "svg"]);
    assert_eq!(code, 2, "{err}");
}

/// Two stacks, the second importing from the first, and a nested stack.
fn app_of_two() -> Result<App, Error> {
    let mut network = Stack::new("Network");
    let queue = network.add(&network.root(), "Queue", RawResource::new("AWS::SQS::Queue"))?;
    let mut application = Stack::new("Application");
    let nested = application.nested_stack(&application.root(), "Inner")?;
    application.add(
        &nested,
        "Topic",
        RawResource::new("AWS::SNS::Topic").property("DisplayName", queue.get_att("QueueName")),
    )?;
    application.add_parameter("Stage", Parameter::new(ParameterType::String))?;
    let mut app = App::new();
    app.add_stack(application)?;
    app.add_stack(network)?;
    Ok(app)
}

fn run_app(args: &[&str]) -> (u8, String, String) {
    run_built(args, app_of_two)
}

#[test]
fn list_prints_the_stacks_in_deploy_order() {
    let (code, out, err) = run_app(&["list"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "1. Network\n2. Application (after Network)\n   nested: Inner (Application.Inner.nested.template.json)\n"
    );
}

#[test]
fn options_a_subcommand_would_ignore_are_refused() {
    for args in
        [&["list", "--stack", "Network"][..], &["--stack", "Network", "list"], &["--output-dir", "x", "network"]]
    {
        let (code, out, err) = run_app(args);
        assert_eq!(code, 2, "{args:?}: {out}");
        assert!(err.contains("cannot be used with"), "{args:?}: {err}");
    }
    let (code, out, err) = run_app(&["network", "--stack", "Network"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.is_empty());
}

#[test]
fn output_dir_writes_every_template_and_the_manifest() {
    let dir = std::env::temp_dir().join(format!("cfnkit-cli-app-{}", std::process::id()));
    let (code, out, err) = run_app(&["--output-dir", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 4, "{out}");
    for file in ["Network.template.json", "Application.template.json", "Application.Inner.nested.template.json"] {
        let body: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join(file)).unwrap()).unwrap();
        assert!(body["Resources"].is_object(), "{file}");
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(manifest["deployOrder"], serde_json::json!(["Network", "Application"]));
    let application = &manifest["stacks"][1];
    assert_eq!(application["dependencies"], serde_json::json!(["Network"]));
    assert_eq!(application["parameters"], serde_json::json!(["Stage"]));
    assert_eq!(application["nested"], serde_json::json!(["Application.Inner.nested.template.json"]));
    assert_eq!(
        application["commands"],
        serde_json::json!([
            "aws cloudformation package --template-file Application.template.json --s3-bucket \"$BUCKET\" --output-template-file Application.packaged.json",
            "aws cloudformation deploy --template-file Application.packaged.json --stack-name Application --parameter-overrides Stage=<value>"
        ])
    );
    assert_eq!(
        manifest["stacks"][0]["commands"],
        serde_json::json!(["aws cloudformation deploy --template-file Network.template.json --stack-name Network"])
    );
}

#[test]
fn a_stack_with_nested_stacks_printed_alone_says_where_its_nested_templates_go() {
    let (code, out, err) = run_app(&["--stack", "Application"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("AWS::CloudFormation::Stack"));
    assert!(err.contains("only --output-dir writes"), "{err}");
}

#[test]
fn diff_prints_what_a_deploy_over_a_previous_template_does_and_can_fail_on_it() {
    let dir = std::env::temp_dir().join(format!("cfnkit-cli-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // The stack's own template: no change, exit 0 even with --fail-on.
    let (_, same, _) = run(&[], false);
    let same_path = dir.join("same.json");
    std::fs::write(&same_path, &same).unwrap();
    let (code, out, err) =
        run(&["diff", same_path.to_str().unwrap(), "--fail-on", "replace", "--fail-on", "destroy"], false);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("No change."), "{out}");

    // A previous template with another resource and the topic as a queue:
    // a type change (replace) and a removal (destroy).
    let previous = r#"
Resources:
  Queue:
    Type: AWS::SQS::Queue
  Old:
    Type: AWS::SNS::Topic
"#;
    let previous_path = dir.join("previous.yaml");
    std::fs::write(&previous_path, previous).unwrap();
    let path = previous_path.to_str().unwrap();
    let (code, out, err) = run(&["diff", path], false);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("[!] AWS::SNS::Topic Queue") && out.contains("its type changes from AWS::SQS::Queue"),
        "{out}"
    );
    assert!(out.contains("[-] AWS::SNS::Topic Old: removed: DESTROYED"), "{out}");
    assert!(!out.contains('\x1b'), "no colour when not asked and not a terminal");
    let (code, _, err) = run(&["diff", path, "--fail-on", "destroy"], false);
    assert_eq!(code, 1);
    assert!(err.contains("2 resource(s) deleted (--fail-on destroy): Queue, Old"), "{err}");
    let (code, _, err) = run(&["diff", path, "--fail-on", "replace"], false);
    assert_eq!(code, 1);
    assert!(err.contains("1 resource(s) replaced or renamed (--fail-on replace): Queue"), "{err}");
    let (code, out, _) = run(&["diff", path, "--format", "json", "--color", "always"], false);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["resources"][0]["change"], "replaced");
    assert_eq!(json["resources"][0]["reasons"][0]["kind"], "typeChanged");
    assert_eq!(json["resources"][1]["removal"], "destroyed");
    let (_, coloured, _) = run(&["diff", path, "--color", "always"], false);
    assert!(coloured.contains("\x1b[1;31m"), "{coloured}");

    let (code, _, err) = run(&["diff", dir.join("missing.json").to_str().unwrap()], false);
    assert_eq!(code, 1);
    assert!(err.contains("cannot read"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn diff_against_an_output_directory_names_the_old_construct_of_a_rename() {
    let dir = std::env::temp_dir().join(format!("cfnkit-cli-diff-dir-{}", std::process::id()));
    let build = |id: &'static str| {
        move || {
            let mut stack = Stack::new("Cli");
            stack.add(&stack.root(), id, RawResource::new("AWS::SNS::Topic").property("DisplayName", "alerts"))?;
            Ok::<_, Error>(stack)
        }
    };
    let (code, _, err) = run_built(&["--output-dir", dir.to_str().unwrap()], build("Alerts"));
    assert_eq!(code, 0, "{err}");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["stacks"][0]["constructPaths"]["Alerts"], "Alerts");

    for previous in [dir.clone(), dir.join("Cli.template.json")] {
        let (code, out, err) = run_built(&["diff", previous.to_str().unwrap()], build("Notifications"));
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("Notifications (Notifications): renamed from Alerts (Alerts)"), "{out}");
    }
    let (code, _, err) = run_built(&["diff", dir.to_str().unwrap(), "--stack", "Other"], build("Alerts"));
    assert_eq!(code, 1);
    assert!(err.contains("no stack named") || err.contains("no manifest.json naming stack"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
