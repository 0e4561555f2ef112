//! The dependency graph between resources, and cycle detection.

/// Resources as vertices `0..n`; an edge `a -> b` means `a` waits for `b`.
pub(crate) struct DependencyGraph {
    edges: Vec<Vec<usize>>,
}

impl DependencyGraph {
    pub(crate) fn new(vertices: usize) -> DependencyGraph {
        DependencyGraph { edges: vec![Vec::new(); vertices] }
    }

    pub(crate) fn add_edge(&mut self, from: usize, to: usize) {
        self.edges[from].push(to);
    }

    /// One cycle, as vertices with the first repeated at the end, if any.
    /// Iterative depth-first search: linear in vertices and edges, and no
    /// recursion for a deep chain to overflow.
    pub(crate) fn find_cycle(&self) -> Option<Vec<usize>> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            OnPath,
            Done,
        }
        let mut marks = vec![Mark::New; self.edges.len()];
        for start in 0..self.edges.len() {
            if marks[start] != Mark::New {
                continue;
            }
            // Each frame: a vertex and how many of its edges were followed.
            let mut path: Vec<(usize, usize)> = vec![(start, 0)];
            marks[start] = Mark::OnPath;
            while let Some(&mut (vertex, ref mut next_edge)) = path.last_mut() {
                if let Some(&to) = self.edges[vertex].get(*next_edge) {
                    *next_edge += 1;
                    match marks[to] {
                        Mark::New => {
                            marks[to] = Mark::OnPath;
                            path.push((to, 0));
                        }
                        Mark::OnPath => {
                            let begin = path.iter().position(|&(v, _)| v == to).expect("on path");
                            let mut cycle: Vec<usize> = path[begin..].iter().map(|&(v, _)| v).collect();
                            cycle.push(to);
                            return Some(cycle);
                        }
                        Mark::Done => {}
                    }
                } else {
                    marks[vertex] = Mark::Done;
                    path.pop();
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(n: usize, edges: &[(usize, usize)]) -> DependencyGraph {
        let mut g = DependencyGraph::new(n);
        for &(a, b) in edges {
            g.add_edge(a, b);
        }
        g
    }

    #[test]
    fn acyclic_graphs_have_no_cycle() {
        assert_eq!(graph(4, &[(0, 1), (1, 2), (0, 2), (3, 0)]).find_cycle(), None);
        assert_eq!(graph(0, &[]).find_cycle(), None);
    }

    #[test]
    fn finds_a_self_loop() {
        assert_eq!(graph(2, &[(1, 1)]).find_cycle(), Some(vec![1, 1]));
    }

    #[test]
    fn finds_a_longer_cycle_without_the_lead_in() {
        assert_eq!(graph(4, &[(0, 1), (1, 2), (2, 3), (3, 1)]).find_cycle(), Some(vec![1, 2, 3, 1]));
    }

    #[test]
    fn deep_chains_do_not_overflow_the_stack() {
        let n = 200_000;
        let edges: Vec<(usize, usize)> = (0..n - 1).map(|i| (i, i + 1)).collect();
        assert_eq!(graph(n, &edges).find_cycle(), None);
    }
}
