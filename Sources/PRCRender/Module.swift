import PRCCore
import CPNG
import CZlib
