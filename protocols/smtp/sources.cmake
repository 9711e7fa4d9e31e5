# The SMTP server and client list their files separately (server.cmake, client.cmake), so the two halves
# never edit the same list.
foreach(side server client)
    include(${CMAKE_CURRENT_LIST_DIR}/${side}.cmake OPTIONAL)
endforeach()
