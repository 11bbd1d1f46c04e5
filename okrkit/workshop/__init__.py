"""Coach workshops: teams' drafts on a board (traffic lights, common mistakes), edited live, exported to share."""

from okrkit.workshop.board import Board, build_board, load_board, write_board

__all__ = ["Board", "build_board", "load_board", "write_board"]
