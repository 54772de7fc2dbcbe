import PRCCore
import CZlib
import CCrypto
import CPNG
