import PRCCore
import COpenBLAS
