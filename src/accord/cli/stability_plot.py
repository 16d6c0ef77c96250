"""``accord stability --plot``: the graph of states and unilateral moves, equilibria
highlighted (networkx for the layout, matplotlib for the drawing)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import networkx as nx

from accord.conflict.stability import StabilityResult

MAX_NODES = 200


def plot_graph(result: StabilityResult, path: Path, *, status_quo: str | None = None) -> None:
    """Draw the states as nodes and each decision maker's moves as coloured arrows."""
    space = result.space
    keep = list(range(space.size))
    if len(keep) > MAX_NODES:  # large conflicts: the equilibria and their neighbours
        eq = set(result.equilibria("nash").tolist()) | set(result.equilibria("seq").tolist())
        keep = sorted(eq)[:MAX_NODES]
    shown = set(keep)
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(keep)
    colours = plt.get_cmap("tab10")
    for d, dm in enumerate(result.dm_ids):
        moves = result.moves[dm]
        for s, t in zip(moves.src.tolist(), moves.dst.tolist(), strict=True):
            if s in shown and t in shown:
                graph.add_edge(s, t, dm=d)
    layout = nx.circular_layout(graph) if len(keep) <= 40 else nx.spring_layout(graph, seed=1)
    fig, ax = plt.subplots(figsize=(10, 10))
    nash = set(result.equilibria("nash").tolist())
    seq = set(result.equilibria("seq").tolist()) | set(result.equilibria("gmr").tolist())
    node_colour = [
        "#d62728" if n in nash else "#ff9896" if n in seq else "#dddddd" for n in graph.nodes
    ]
    for d, dm in enumerate(result.dm_ids):
        edges = [(s, t) for s, t, data in graph.edges(data=True) if data["dm"] == d]
        nx.draw_networkx_edges(
            graph,
            layout,
            edgelist=edges,
            edge_color=[colours(d)] * len(edges),
            ax=ax,
            arrows=True,
            alpha=0.6,
            connectionstyle=f"arc3,rad={0.05 + 0.05 * d}",
        )
        ax.plot([], [], color=colours(d), label=f"moves of {dm}")
    nx.draw_networkx_nodes(
        graph,
        layout,
        node_color=node_colour,
        ax=ax,
        node_size=500,
        edgecolors=["black" if space.keys[n] == status_quo else "none" for n in graph.nodes],
    )
    labels = {n: space.keys[n] or "(none)" for n in graph.nodes}
    nx.draw_networkx_labels(graph, layout, labels=labels, font_size=7, ax=ax)
    ax.plot([], [], "o", color="#d62728", label="Nash equilibrium")
    ax.plot([], [], "o", color="#ff9896", label="GMR or SEQ equilibrium")
    ax.legend(loc="lower left", fontsize=8)
    ax.set_axis_off()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
