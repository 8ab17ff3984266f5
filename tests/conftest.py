import sys
from pathlib import Path

# tests/strategies.py is shared by the test modules of every capability.
sys.path.insert(0, str(Path(__file__).parent))
