import Foundation
import PackagePlugin

/// Embeds the git commit the package is built from in the target, as `buildCommit` (see Scripts/build-commit.sh):
/// a build from a clean clone names its commit, one from a tarball without .git says "unknown".
@main
struct BuildCommit: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "BuildCommit")
        let package = context.package.directoryURL
        return [
            .prebuildCommand(
                displayName: "Embed the git commit",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: [package.appending(path: "Scripts/build-commit.sh").path, package.path, output.path],
                outputFilesDirectory: output)
        ]
    }
}
