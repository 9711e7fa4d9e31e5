# Packet captures: `mailflow run --pcap --tls-keylog` read back with tshark and capinfos (issue 16).
mailflow_add_pytest(interop_pcap_tshark pcap_tshark.py)
