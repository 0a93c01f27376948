extension RandomAccessCollection {
    /// The first index whose element satisfies `isAfter`, for a collection where every element
    /// that does comes after every element that does not (found by bisection).
    func partitionPoint(where isAfter: (Element) -> Bool) -> Index {
        var low = startIndex, count = self.count
        while count > 0 {
            let half = count / 2
            let mid = index(low, offsetBy: half)
            if isAfter(self[mid]) {
                count = half
            } else {
                low = index(after: mid)
                count -= half + 1
            }
        }
        return low
    }
}
