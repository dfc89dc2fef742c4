"""Official forms of Thông tư 01/2018/TT-VPCP printed from the back office: Mẫu 01–05 of a
dossier as PDF, Mẫu 06 (Sổ theo dõi hồ sơ) as PDF and XLSX. No models: everything is read
from dossiers and their events."""
