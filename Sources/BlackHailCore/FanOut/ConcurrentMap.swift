extension Array where Element: Sendable {
    /// Transforms every element with at most `limit` transforms running at once (a sliding window over a task
    /// group), returning the results in the original order. Once the task is cancelled (the run's deadline), no
    /// further element is started: the results are those of the elements started, still in order. Starting the
    /// rest only to see each one cancelled cost minutes at a hundred thousand sites.
    package func concurrentMap<Result: Sendable>(
        limit: Int, _ transform: @escaping @Sendable (Element) async -> Result
    ) async -> [Result] {
        await withTaskGroup(of: (Int, Result).self) { group in
            var results = [Result?](repeating: nil, count: count)
            var next = 0
            for _ in 0..<Swift.min(Swift.max(limit, 1), count) where !Task.isCancelled {
                let index = next
                group.addTask { (index, await transform(self[index])) }
                next += 1
            }
            while let (index, result) = await group.next() {
                results[index] = result
                if next < count, !Task.isCancelled {
                    let index = next
                    group.addTask { (index, await transform(self[index])) }
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }
}
